// Entry used by ./vend before commands that need the local servers: fetch what is missing, quickly
// return when everything is there (it runs on every ./vend invocation).
import { localStackConfigFromEnv, REPO_ROOT } from './config.ts';
import { dynamodbLocalJar } from './dynamodb.ts';
import { fetchKafka } from './fetch-kafka.ts';

const config = localStackConfigFromEnv(process.env, REPO_ROOT);
if (!process.env.KAFKA_BROKERS) fetchKafka(config, (line) => console.error(`[vend] ${line}`));
if (!process.env.DYNAMODB_ENDPOINT) dynamodbLocalJar(); // throws with a clear message when missing
