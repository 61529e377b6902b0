import { intentReferences } from '@vendstream/contracts';
import {
  type FlashSandbox,
  SANDBOX_ACCOUNTS,
  SANDBOX_METERS,
  startFlashSandbox,
} from '@vendstream/flash-sandbox';
import { intentMessage } from '@vendstream/harness';
import { createRuntime, parseServiceEnv, type Runtime } from '@vendstream/runtime';
import { uniqueName } from '@vendstream/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleIntentMessage } from '../src/index.ts';
import { workerEnv } from './helpers.ts';

/**
 * A two-step intent through the worker's handler and the executor, against real DynamoDB Local,
 * Kafka and the sandbox: the only path where decide() advances a step (meter lookup `L`, then the
 * purchase `P` with the lookup's transactionID), each step under its own reference.
 */

let sandbox: FlashSandbox;
let runtime: Runtime;

beforeAll(async () => {
  sandbox = await startFlashSandbox({ port: 0 });
  runtime = await createRuntime(parseServiceEnv(workerEnv(uniqueName('steps'), sandbox.url)), {
    role: 'worker',
  });
});
afterAll(async () => {
  await runtime?.close();
  await sandbox?.close();
});

describe('a prepaid electricity intent', () => {
  it('looks the meter up, then buys under the purchase reference, and lists both references in step order', async () => {
    const id = uniqueName('power');
    const { value } = intentMessage(id, 'prepaid-utility.purchase', {
      accountNumber: SANDBOX_ACCOUNTS.main.accountNumber,
      amount: 5_000,
      meterNumber: SANDBOX_METERS.electricity,
    });
    const message = { topic: runtime.topics.intents, partition: 0, offset: '1', value: Buffer.from(value) };
    const outcome = await handleIntentMessage(runtime, message, () => undefined, 64 * 1024);

    const references = intentReferences(id, 'prepaid-utility.purchase');
    expect(
      outcome.kind === 'executed' && outcome.result.kind === 'terminal' && outcome.result.event.data,
    ).toMatchObject({
      status: 'succeeded',
      references: [references.L, references.P],
    });
    const record = await runtime.store.get(id);
    expect(record).toMatchObject({ state: 'succeeded', currentStep: 'P' });
    expect(Object.keys(record?.stepResponses ?? {})).toEqual(['L']);
    // Only the purchase sells: one ledger entry, under the purchase's reference.
    const ofIntent = sandbox
      .ledger()
      .filter((e) => e.reference === references.L || e.reference === references.P);
    expect(ofIntent).toEqual([
      expect.objectContaining({ reference: references.P, operation: expect.stringContaining('purchase') }),
    ]);
  });
});
