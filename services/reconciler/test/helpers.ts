import { type Intent, intentReferences } from '@vendstream/contracts';
import { DEFAULT_SANDBOX_CREDENTIALS, type FlashSandbox, SANDBOX_ACCOUNTS } from '@vendstream/flash-sandbox';
import type { ClaimInput } from '@vendstream/intent-store';
import { flashEnv, testServiceEnv, uniqueName } from '@vendstream/testing';

/** A reconciler's environment on the run's servers, with its own topics and table, calling `sandbox`. */
export function reconcilerEnv(
  prefix: string,
  sandbox: FlashSandbox,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return testServiceEnv(prefix, {
    VEND_INTENT_PARTITIONS: '2',
    ...flashEnv(sandbox.url, DEFAULT_SANDBOX_CREDENTIALS),
    ...overrides,
  });
}

/** A R50 1Voucher purchase on the sandbox's main account, published at `at`; `data` adds to it. */
export function purchaseIntent(label: string, at: number, data: Record<string, unknown> = {}): Intent {
  return {
    specversion: '1.0',
    id: uniqueName(label),
    source: 'urn:test',
    type: '1voucher.purchase',
    time: new Date(at).toISOString(),
    data: { accountNumber: SANDBOX_ACCOUNTS.main.accountNumber, amount: 5_000, ...data },
  } as Intent;
}

/** What a worker writes when it claims a fresh intent. */
export function claimOf(
  intent: Intent,
  claim: { payloadHash: string; owner: string; leaseMs: number },
): ClaimInput {
  return {
    intentId: intent.id,
    type: intent.type,
    references: intentReferences(intent.id, intent.type),
    intent,
    ...claim,
  };
}
