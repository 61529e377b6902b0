import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalStackConfig } from './config.ts';
import { stackPaths } from './paths.ts';

const TEMPLATE_DIR = join(import.meta.dirname, '..', 'kafka');

function loggingDependencies(version: string): string {
  const dep = (g: string, a: string, v: string) =>
    `    <dependency><groupId>${g}</groupId><artifactId>${a}</artifactId><version>${v}</version></dependency>`;
  // Kafka's pom brings the whole broker at runtime scope but no slf4j binding.
  return Number(version.split('.')[0]) >= 4
    ? dep('org.apache.logging.log4j', 'log4j-slf4j-impl', '2.24.3')
    : dep('org.slf4j', 'slf4j-reload4j', '1.7.36');
}

/**
 * Fetches the broker's jars from Maven Central once per version (`~/.m2` caches the downloads).
 * Returns false when they were already there.
 */
export function fetchKafka(config: LocalStackConfig, log: (line: string) => void): boolean {
  const paths = stackPaths(config);
  if (existsSync(paths.kafkaFetchedMarker)) return false;
  const { version } = config.kafka;
  log(`fetching Apache Kafka ${version} from Maven Central (once)`);
  mkdirSync(join(paths.kafkaLibs), { recursive: true });
  const pom = readFileSync(join(TEMPLATE_DIR, 'pom.template.xml'), 'utf8')
    .replaceAll('@KAFKA_VERSION@', version)
    .replace('@LOGGING_DEPENDENCIES@', loggingDependencies(version));
  writeFileSync(paths.kafkaPom, pom);
  try {
    execFileSync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        paths.kafkaPom,
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${paths.kafkaLibs}`,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
  } catch (error) {
    rmSync(paths.kafkaLibs, { recursive: true, force: true });
    throw new Error(
      `could not fetch Kafka ${version} with Maven (is mvn installed and Maven Central reachable?): ${String(error)}`,
    );
  }
  writeFileSync(paths.kafkaFetchedMarker, new Date().toISOString());
  return true;
}
