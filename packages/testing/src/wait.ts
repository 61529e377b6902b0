import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Give up after this long; the error names `description`. Default 20 s. */
  timeoutMs?: number;
  /** First poll interval; grows to 250 ms. Default 10 ms. */
  intervalMs?: number;
  description?: string;
}

/**
 * Polls until `condition` returns a truthy value and returns it. Tests wait on conditions,
 * never on fixed sleeps: a fixed sleep is either too long (slow) or too short (flaky).
 */
export async function waitFor<T>(
  condition: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let interval = options.intervalMs ?? 10;
  let lastError: unknown;
  while (true) {
    try {
      const value = await condition();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${options.description ?? 'condition'}${reason}`,
      );
    }
    await sleep(interval);
    interval = Math.min(interval * 2, 250);
  }
}
