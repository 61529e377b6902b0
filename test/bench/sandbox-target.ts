import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DEFAULT_SANDBOX_CREDENTIALS, SANDBOX_ACCOUNTS } from '@vendstream/flash-sandbox';
import { withDeadline } from './stats.ts';

export interface SandboxTarget {
  url: string;
  token: string;
  pid: number;
  accountNumber: string;
  stop(): Promise<void>;
}

/** Starts the Flash sandbox as a child process and fetches a bearer token from it. */
export async function startSandboxProcess(): Promise<SandboxTarget> {
  const child = spawn(process.execPath, [new URL('./sandbox-process.ts', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await withDeadline(exited, 10_000, 'sandbox process exit');
  };
  try {
    const lines = createInterface({ input: child.stdout });
    const firstLine = new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`sandbox process exited with ${code} before listening`)));
    });
    const { url } = JSON.parse(await withDeadline(firstLine, 30_000, 'sandbox start')) as { url: string };
    lines.close();
    child.stdout.resume();
    const { consumerKey, consumerSecret } = DEFAULT_SANDBOX_CREDENTIALS;
    const reply = await fetch(`${url}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    if (!reply.ok) throw new Error(`sandbox /token answered ${reply.status}`);
    const { access_token: token } = (await reply.json()) as { access_token: string };
    return { url, token, pid: child.pid ?? -1, accountNumber: SANDBOX_ACCOUNTS.main.accountNumber, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
