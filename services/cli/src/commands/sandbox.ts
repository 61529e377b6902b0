import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@vendstream/local-infra';

/** `./vend sandbox flash [--port N]`: the Flash sandbox in the foreground (config from the environment). */
export async function sandboxCommand(args: string[]): Promise<number> {
  const [which, ...rest] = args;
  if (which !== 'flash') throw new Error('usage: ./vend sandbox flash [--port N]');
  const child = spawn(process.execPath, [join(REPO_ROOT, 'services/flash-sandbox/src/main.ts'), ...rest], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}
