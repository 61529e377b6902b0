/**
 * Raw capacity of each part of the local stack on its own, so the pipeline's end-to-end figure
 * reads as a fraction of its bottleneck. Every function returns figures (median/min/max over runs)
 * and asserts nothing: the machine is small and shared.
 *
 * ```ts
 * import { benchDynamoConditionalWrites } from './raw-capacity.ts';
 * const { writesPerSec } = await benchDynamoConditionalWrites({ endpoint: 'http://127.0.0.1:18000' });
 * console.log(writesPerSec.median);
 * ```
 */
export {
  benchDynamoConditionalWrites,
  type DynamoWritesOptions,
  type DynamoWritesResult,
  type DynamoWritesRun,
} from './dynamo-writes.ts';
export {
  benchHttpSandbox,
  type HttpBenchOptions,
  type HttpBenchResult,
  type HttpBenchRun,
} from './http-target.ts';
export {
  benchKafkaLoop,
  type KafkaLoopOptions,
  type KafkaLoopResult,
  type KafkaLoopRun,
} from './kafka-loop.ts';
export {
  benchSequentialEachMessage,
  type SequentialEachMessageOptions,
  type SequentialEachMessageResult,
  type SequentialEachMessageRun,
} from './sequential-baseline.ts';
export { type Figure, figure, percentile } from './stats.ts';
