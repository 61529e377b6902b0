/**
 * Shared test fixtures: real servers, unique names, waiting on conditions, a clock moved by hand.
 *
 * ```ts
 * import { createTestTopics, manualClock, testKafka, uniqueName, waitFor } from '@vendstream/testing';
 * const topic = uniqueName('orders');
 * await createTestTopics(testKafka(), [{ topic, numPartitions: 3 }]);
 * await waitFor(() => received.length === 10, { description: '10 messages' });
 * const clock = manualClock(); // pass { now: clock.now }; clock.advance(30 * 60_000) crosses a window
 * ```
 * The global setup (`@vendstream/testing/global-setup`) is wired in the root vitest.config.ts.
 */
export { type ManualClock, manualClock } from './clock.ts';
export {
  createTestTopics,
  flashEnv,
  tableExists,
  testDynamoClient,
  testInfra,
  testKafka,
  testSealingKey,
  testServiceEnv,
} from './environment.ts';
export { uniqueName } from './names.ts';
export { type WaitOptions, waitFor } from './wait.ts';
