import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { checkLedger, generateDemoBatch } from '@vendstream/harness';
import {
  type LocalStackConfig,
  localStackConfigFromEnv,
  REPO_ROOT,
  stackDown,
  stackUp,
} from '@vendstream/local-infra';
import { uniqueName } from '@vendstream/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from '../src/index.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const log = (line: string) => console.error(`[broker-restart] ${line}`);

/**
 * Invariant 2 across a broker restart: this test runs its own Kafka (same version, own ports and
 * data folder) so that restarting it disturbs no other test.
 */
describe('a Kafka broker restart in the middle of a batch', () => {
  let config: LocalStackConfig;
  let pipeline: Pipeline;
  beforeAll(async () => {
    const base = localStackConfigFromEnv(process.env, REPO_ROOT);
    config = {
      ...base,
      instance: uniqueName('broker'),
      kafka: { ...base.kafka, port: await freePort(), controllerPort: await freePort() },
    };
    await stackUp(config, log, ['kafka']);
    pipeline = await startPipeline({
      kafkaBrokers: [`127.0.0.1:${config.kafka.port}`],
      workers: 1,
      reconcilers: 1,
    });
  }, 180_000);
  afterAll(async () => {
    await pipeline?.stop();
    if (config) {
      await stackDown(config, log, ['kafka']);
      rmSync(join(config.home, 'instances', config.instance ?? 'none'), { recursive: true, force: true });
    }
  }, 120_000);

  it('loses no intent and sells nothing twice when the broker stops and comes back', async () => {
    const { results, sandbox } = pipeline;
    const batch = generateDemoBatch({ count: 1500, faultRatio: 0.02, invalidCount: 0 });
    await pipeline.publish(batch.intents.map((i) => ({ key: i.id, value: JSON.stringify(i.event) })));
    await results.waitUntil((r) => r.byIntent.size >= 300, 120_000, 'the first 300 results');

    await stackDown(config, log, ['kafka']);
    const downAt = results.byIntent.size;
    await stackUp(config, log, ['kafka']);
    log(`broker restarted after ${downAt} results`);

    await results.waitUntil((r) => r.byIntent.size >= batch.intents.length, 300_000, 'every result');
    expect(downAt).toBeLessThan(batch.intents.length);
    expect(results.byIntent.size).toBe(batch.intents.length);
    expect(results.conflicts).toEqual([]);
    for (const intent of batch.intents) {
      expect(['succeeded', 'failed'], intent.id).toContain(results.byIntent.get(intent.id)?.data.status);
    }
    const ledger = checkLedger(
      sandbox.ledger(),
      results,
      batch.intents.map((i) => i.id),
    );
    expect(ledger.doubleEffects).toEqual([]);
    expect(ledger.succeededWithoutEffect).toEqual([]);
    expect(ledger.effectWithoutSuccess).toEqual([]);
  }, 400_000);
});
