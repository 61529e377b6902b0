/**
 * The worker: consumes purchase intents, claims each in the store, calls Flash with the reference
 * derived from the intent id, records the outcome and publishes the result.
 *
 * ```ts
 * const runtime = await createRuntime(parseServiceEnv(process.env), { role: 'worker' });
 * const worker = createWorker(runtime);
 * await worker.start();
 * process.on('SIGTERM', () => void worker.stop());
 * ```
 */
export { KeyedSerializer, Semaphore } from './concurrency.ts';
export { type HandleOutcome, handleIntentMessage } from './intent-handler.ts';
export { OffsetTracker } from './offset-tracker.ts';
export { createWorker, type Worker, type WorkerOptions } from './worker.ts';
