import { describe, expect, it } from 'vitest';
import { KeyedSerializer, Semaphore } from '../src/concurrency.ts';

describe('Semaphore', () => {
  it('admits at most its capacity and hands a released slot to the next waiter', async () => {
    const slots = new Semaphore(2);
    expect(await slots.acquire(10)).toBe(true);
    expect(await slots.acquire(10)).toBe(true);
    expect(await slots.acquire(20)).toBe(false); // full: the caller gets control back to heartbeat
    const waiting = slots.acquire(5_000);
    slots.release();
    expect(await waiting).toBe(true);
    expect(slots.inUse).toBe(2);
  });

  it('reports drained only when every slot is released', async () => {
    const slots = new Semaphore(1);
    await slots.acquire(10);
    expect(await slots.drained(30, 5)).toBe(false);
    slots.release();
    expect(await slots.drained(30, 5)).toBe(true);
  });
});

describe('KeyedSerializer', () => {
  it('runs tasks of one key in submission order and tasks of other keys concurrently', async () => {
    const serializer = new KeyedSerializer();
    const order: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = serializer.run('wallet-1', async () => {
      await new Promise<void>((r) => {
        releaseFirst = r;
      });
      order.push('w1-a');
    });
    const second = serializer.run('wallet-1', async () => {
      order.push('w1-b');
    });
    const other = serializer.run('wallet-2', async () => {
      order.push('w2');
    });
    await other;
    expect(order).toEqual(['w2']); // not blocked by wallet-1
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['w2', 'w1-a', 'w1-b']);
  });

  it('keeps the order after a task fails', async () => {
    const serializer = new KeyedSerializer();
    const order: string[] = [];
    const failing = serializer.run('k', async () => {
      order.push('a');
      throw new Error('boom');
    });
    const next = serializer.run('k', async () => {
      order.push('b');
    });
    await expect(failing).rejects.toThrow('boom');
    await next;
    expect(order).toEqual(['a', 'b']);
  });
});
