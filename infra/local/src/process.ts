import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type PidState = { kind: 'none' } | { kind: 'running'; pid: number } | { kind: 'stale'; pid: number };

export function readPidFile(file: string): PidState {
  if (!existsSync(file)) return { kind: 'none' };
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return { kind: 'stale', pid: 0 };
  return isAlive(pid) && isJvm(pid) ? { kind: 'running', pid } : { kind: 'stale', pid };
}

/**
 * Our servers are JVMs. A live pid that is not one belongs to someone else (the pid was reused
 * after our server died): treat the pid file as stale rather than signal that process. Without
 * /proc (not Linux) the pid is trusted.
 */
function isJvm(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('java');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync('/proc/self');
  }
}

export function portInUse(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a server that outlives this process (own session, output to a log file) and records its pid.
 * `./vend infra up` returns while the servers keep running; `down` finds them by pid file.
 */
export function spawnDetached(
  command: string,
  args: string[],
  logFile: string,
  pidFile: string,
  cwd: string,
) {
  mkdirSync(dirname(logFile), { recursive: true });
  mkdirSync(dirname(pidFile), { recursive: true });
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  child.unref();
  writeFileSync(pidFile, String(child.pid));
  return child.pid;
}

/** Polls `probe` until it resolves true; fails with `what` once `timeoutMs` passes or the process dies. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; pid?: number; logFile?: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = 100;
  while (Date.now() < deadline) {
    if (options.pid !== undefined && !isAlive(options.pid)) {
      throw new Error(
        `${what}: the process exited during start-up${options.logFile ? `; see ${options.logFile}` : ''}`,
      );
    }
    if (await probe().catch(() => false)) return;
    await sleep(delay);
    delay = Math.min(delay * 1.5, 1000);
  }
  throw new Error(
    `${what}: not ready after ${options.timeoutMs} ms${options.logFile ? `; see ${options.logFile}` : ''}`,
  );
}

/** SIGTERM, wait for a clean exit, SIGKILL as a last resort; removes the pid file. */
export async function stopPid(pidFile: string, graceMs = 30_000): Promise<'stopped' | 'not-running'> {
  const state = readPidFile(pidFile);
  if (state.kind !== 'running') {
    rmSync(pidFile, { force: true });
    return 'not-running';
  }
  const { pid } = state;
  // Servers run in their own process group (detached), so signal the group.
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) signal('SIGKILL');
  while (isAlive(pid)) await sleep(50);
  rmSync(pidFile, { force: true });
  return 'stopped';
}
