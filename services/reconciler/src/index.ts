/**
 * The reconciler: resends intents whose outcome is unknown with the same reference inside Flash's
 * idempotency window, marks them `unresolved` when it closes, republishes unpublished results.
 *
 * ```ts
 * const runtime = await createRuntime(parseServiceEnv(process.env), { role: 'reconciler' });
 * const reconciler = createReconciler(runtime);
 * reconciler.start();            // or: await reconciler.sweep() for one pass
 * ```
 */
export {
  createReconciler,
  type DueAction,
  type Reconciler,
  type ReconcilerOptions,
  type SweepStats,
} from './reconciler.ts';
