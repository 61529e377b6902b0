// The reconciler process: resends unknown outcomes inside the idempotency window, marks the rest
// unresolved, republishes results left in the outbox. Configuration: environment (see README.md).
import { runService } from '@vendstream/runtime';
import { createReconciler } from './reconciler.ts';

runService('reconciler', (runtime) => createReconciler(runtime));
