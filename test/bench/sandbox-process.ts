/**
 * The Flash sandbox in its own process (as `./vend sandbox flash` runs it), on an ephemeral port:
 * prints `{"url": ...}` on one stdout line once listening; SIGTERM closes it.
 */
import { startFlashSandbox } from '@vendstream/flash-sandbox';

const sandbox = await startFlashSandbox({ port: 0 });
process.stdout.write(`${JSON.stringify({ url: sandbox.url })}\n`);
const stop = (): void => {
  sandbox.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
