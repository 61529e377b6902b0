// The worker process: consumes <prefix>.intents, calls Flash, publishes <prefix>.results.
// Configuration: environment variables (see README.md), validated once at start.
import { runService } from '@vendstream/runtime';
import { createWorker } from './worker.ts';

runService('worker', (runtime) => createWorker(runtime));
