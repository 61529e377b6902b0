import { describe, expect, it } from 'vitest';
import { KeyedSerializer, Semaphore } from '../src/concurrency.ts';
import { QueueBudget } from '../src/queue-budget.ts';

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

  it('runs a task holding a slot, waiting for one first, and frees it even when the task fails', async () => {
    const slots = new Semaphore(1);
    let release: () => void = () => undefined;
    const first = slots.run(() => new Promise<void>((r) => (release = r)));
    let secondStarted = false;
    const second = slots.run(async () => {
      secondStarted = true;
      throw new Error('boom');
    });
    await Promise.resolve();
    expect(secondStarted).toBe(false);
    release();
    await first;
    await expect(second).rejects.toThrow('boom');
    expect(secondStarted).toBe(true);
    expect(slots.inUse).toBe(0);
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

describe('QueueBudget', () => {
  const limits = { maxMessages: 3, maxBytes: 1_000, maxPerKey: 2 };

  it('is full for one key at its per-key limit while other keys still have room', () => {
    const budget = new QueueBudget(limits);
    budget.take('a', 10);
    budget.take('a', 10);
    expect(budget.keyFull('a')).toBe(true);
    expect(budget.keyFull('b')).toBe(false);
    expect(budget.hasRoom()).toBe(true);
    expect(budget.largestKey).toBe(2);
  });

  it('has no room at its message or byte limit, and wakes a waiter when a message finishes', async () => {
    const budget = new QueueBudget(limits);
    budget.take('a', 10);
    budget.take('b', 10);
    budget.take('c', 10);
    expect(budget.hasRoom()).toBe(false);
    expect(await budget.waitForRoom(10)).toBe(false); // the caller gets control back to heartbeat
    const waiting = budget.waitForRoom(60_000);
    budget.give('b', 10);
    expect(await waiting).toBe(true);

    const bytes = new QueueBudget(limits);
    bytes.take('a', 1_000);
    expect(bytes.hasRoom()).toBe(false);
  });

  it('lets a paused key resume only once it has drained to half its limit', () => {
    const budget = new QueueBudget({ ...limits, maxMessages: 10, maxPerKey: 4 });
    for (let i = 0; i < 4; i++) budget.take('k', 1);
    budget.give('k', 1);
    expect(budget.keyDrained('k')).toBe(false);
    budget.give('k', 1);
    expect(budget.keyDrained('k')).toBe(true);
  });

  it('reports drained only when every message has finished', async () => {
    const budget = new QueueBudget(limits);
    budget.take('a', 1);
    expect(await budget.drained(30, 5)).toBe(false);
    budget.give('a', 1);
    expect(await budget.drained(30, 5)).toBe(true);
  });

  it('refuses limits that are not positive integers, naming them', () => {
    expect(() => new QueueBudget({ ...limits, maxPerKey: 0 })).toThrow('maxPerKey');
  });
});
