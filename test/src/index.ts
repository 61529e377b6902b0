/**
 * Shared helpers of the end-to-end suites: the whole pipeline (sandbox, recording proxy, worker and
 * reconciler processes, results reader) on the test run's real Kafka and DynamoDB Local.
 */

export { intentMessage } from '@vendstream/harness';
export { type Pipeline, type PipelineOptions, startPipeline } from './pipeline.ts';
