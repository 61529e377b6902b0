import { afterAll, expect } from 'vitest';
import { ConfigError, createRuntime, parseServiceEnv, type Runtime } from '../src/index.ts';

/**
 * `start(env, role)` does what a service's main does (parse the environment, then create the
 * runtime); every runtime it started is closed after the file.
 */
export function useRuntimes(): (
  env: Record<string, string>,
  role?: 'worker' | 'reconciler',
) => Promise<Runtime> {
  const runtimes: Runtime[] = [];
  afterAll(async () => {
    await Promise.all(runtimes.map((runtime) => runtime.close()));
  });
  return async (env, role = 'worker') => {
    const runtime = await createRuntime(parseServiceEnv(env), { role });
    runtimes.push(runtime);
    return runtime;
  };
}

/** The ConfigError a start is refused with; fails the test when it starts or fails otherwise. */
export async function refusal(starting: Promise<unknown>): Promise<ConfigError> {
  const error = await starting.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}
