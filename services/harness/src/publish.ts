import type { Producer } from 'kafkajs';
import type { DemoBatch } from './demo-batch.ts';

/** Publishes a batch as a producer would (key: the intent id), in chunks; returns when acknowledged. */
export async function publishBatch(
  producer: Producer,
  topic: string,
  batch: DemoBatch,
  options: { chunk?: number; onProgress?: (sent: number) => void } = {},
): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>();
  const messages = [
    ...batch.intents.map((i) => ({ key: i.id, value: JSON.stringify(i.event) })),
    ...batch.invalid.map((m) => ({ key: m.key, value: m.value })),
  ];
  const chunk = options.chunk ?? 500;
  for (let start = 0; start < messages.length; start += chunk) {
    const slice = messages.slice(start, start + chunk);
    const now = Date.now();
    for (const m of slice) sentAt.set(m.key, now);
    await producer.send({ topic, acks: -1, messages: slice });
    options.onProgress?.(Math.min(start + chunk, messages.length));
  }
  return sentAt;
}

/** An intent as a producer publishes it: a CloudEvents envelope keyed by its id. */
export function intentMessage(
  id: string,
  type: string,
  data: Record<string, unknown>,
): { key: string; value: string } {
  return {
    key: id,
    value: JSON.stringify({
      specversion: '1.0',
      id,
      source: 'urn:test',
      type,
      time: new Date().toISOString(),
      data,
    }),
  };
}
