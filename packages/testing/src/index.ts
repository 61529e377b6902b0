/**
 * Shared test fixtures: real servers, unique names, waiting on conditions.
 *
 * ```ts
 * import { createTestTopics, testKafka, uniqueName, waitFor } from '@vendstream/testing';
 * const topic = uniqueName('orders');
 * await createTestTopics(testKafka(), [{ topic, numPartitions: 3 }]);
 * await waitFor(() => received.length === 10, { description: '10 messages' });
 * ```
 * The global setup (`@vendstream/testing/global-setup`) is wired in the root vitest.config.ts.
 */
export {
  createTestTopics,
  testDynamoClient,
  testInfra,
  testKafka,
  testSealingKey,
  testServiceEnv,
} from './environment.ts';
export { uniqueName } from './names.ts';
export { type WaitOptions, waitFor } from './wait.ts';
