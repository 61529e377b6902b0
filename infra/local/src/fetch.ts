// Entry used by ./vend before commands that need the local servers: fetch what is missing, quickly
// return when everything is there (it runs on every ./vend invocation).
import { localStackConfigFromEnv, REPO_ROOT } from './config.ts';
import { dynamodbLocalJar } from './dynamodb.ts';
import { fetchKafka } from './fetch-kafka.ts';

// `--optional` (./vend test): a failed fetch is a warning, because the test setup can still fall
// back to a Docker engine; for infra and demo it is an error.
const optional = process.argv.includes('--optional');
const config = localStackConfigFromEnv(process.env, REPO_ROOT);
try {
  if (!process.env.KAFKA_BROKERS) fetchKafka(config, (line) => console.error(`[vend] ${line}`));
  if (!process.env.DYNAMODB_ENDPOINT) dynamodbLocalJar(); // throws with a clear message when missing
} catch (error) {
  if (!optional) throw error;
  console.error(`[vend] warning: ${error instanceof Error ? error.message : String(error)}`);
  console.error('[vend] warning: the native servers are unavailable; the tests will try a Docker engine');
}
