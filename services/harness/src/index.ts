/**
 * Drives the whole pipeline from outside, as its users do: publish a batch, run workers and
 * reconcilers as OS processes, read the results topic, check Flash's ledger.
 * Used by `./vend demo`, `./vend bench` and the end-to-end suites in test/.
 *
 * ```ts
 * const batch = generateDemoBatch({ count: 2000 });
 * const worker = new ServiceProcess('worker', stackEnv({ ... }), logDir).start();
 * await publishBatch(producer, topics.intents, batch);
 * await results.waitUntil((r) => r.byIntent.size === expected, 120_000);
 * const check = checkLedger(sandbox.ledger(), results, batch.intents.map((i) => i.id));
 * ```
 */
export {
  DEMO_FAULTS,
  type DemoBatch,
  type DemoBatchOptions,
  type DemoFault,
  type DemoIntent,
  generateDemoBatch,
} from './demo-batch.ts';
export { checkLedger, type LedgerCheck } from './ledger-check.ts';
export {
  randomSealingKeys,
  ServiceProcess,
  type ServiceRole,
  type StackEnvOptions,
  stackEnv,
} from './processes.ts';
export { intentMessage, publishBatch } from './publish.ts';
export { type RecordedRequest, RecordingProxy } from './recording-proxy.ts';
export { ResultCollector } from './results.ts';
export { median, percentile } from './stats.ts';
