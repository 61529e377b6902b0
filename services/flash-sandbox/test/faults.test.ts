import { describe, expect, it } from 'vitest';
import { Faults } from '../src/faults.ts';
import { SANDBOX_ACCOUNTS, startFlashSandbox } from '../src/index.ts';
import { ref, requestToken, useSandbox, waitForHeld } from './helpers.ts';

const main = SANDBOX_ACCOUNTS.main.accountNumber;
const low = SANDBOX_ACCOUNTS.low.accountNumber;

describe('fault injection', () => {
  const h = useSandbox();
  const buy = (reference: string, accountNumber: string = main, path = '/1voucher/purchase') =>
    h.post(path, { reference, accountNumber, amount: 1_000 });
  const ledgerFor = (reference: string) => h.sandbox.ledger().filter((e) => e.reference === reference);

  it('adds latency before answering (and before committing)', async () => {
    h.sandbox.addFault({
      match: { operation: '1voucher.purchase' },
      action: { kind: 'latency', ms: 150 },
      times: 1,
    });
    const started = performance.now();
    const reply = await buy(ref());
    expect(reply.json.responseCode).toBe(0);
    // A lower bound with slack: timers may fire a few ms early against this clock.
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('hangs without answering or committing until the client gives up', async () => {
    h.sandbox.addFault({ match: { referencePattern: '^hang-' }, action: { kind: 'hang' }, times: 1 });
    const hung = ref('hang');
    const body = { reference: hung, accountNumber: main, amount: 1_000 };
    await expect(h.post('/1voucher/purchase', body, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(ledgerFor(hung)).toEqual([]);
    const retry = await h.post('/1voucher/purchase', body);
    expect(retry.json.responseCode).toBe(0);
  });

  it('holds matching requests unanswered until the rule is removed, then processes each once', async () => {
    const id = h.sandbox.addFault({ match: { referencePattern: '^held-' }, action: { kind: 'hold' } });
    const held = [ref('held'), ref('held'), ref('held')];
    const settled = new Set<string>();
    const replies = held.map((reference) =>
      buy(reference).then((reply) => {
        settled.add(reference);
        return reply;
      }),
    );
    await waitForHeld(h.sandbox, 3);
    // An unrelated request goes straight through while the others are held.
    expect((await buy(ref('free'))).json.responseCode).toBe(0);
    expect(settled.size).toBe(0);
    expect(held.flatMap(ledgerFor)).toEqual([]);
    const listed = (await (await fetch(`${h.sandbox.url}/__sandbox/faults`)).json()) as Array<{
      id: string;
      held?: number;
    }>;
    expect(listed.find((r) => r.id === id)?.held).toBe(3);

    h.sandbox.removeFault(id);
    for (const reply of await Promise.all(replies)) expect(reply.json.responseCode).toBe(0);
    expect(h.sandbox.heldRequests()).toBe(0);
    for (const reference of held) expect(ledgerFor(reference)).toHaveLength(1);
  });

  it('holds only `times` requests, and keeps holding them until the rule is removed', async () => {
    h.sandbox.addFault({
      match: { referencePattern: '^once-' },
      action: { kind: 'hold' },
      times: 1,
    });
    const first = buy(ref('once'));
    await waitForHeld(h.sandbox, 1);
    // The rule is used up: the next matching request is not held.
    expect((await buy(ref('once'))).json.responseCode).toBe(0);
    expect(h.sandbox.heldRequests()).toBe(1);
    h.sandbox.clearFaults();
    expect((await first).json.responseCode).toBe(0);
    expect(h.sandbox.heldRequests()).toBe(0);
  });

  it('answers an HTTP 5xx without processing', async () => {
    const reference = ref();
    h.sandbox.addFault({
      match: { operation: '1voucher.purchase' },
      action: { kind: 'http-status', status: 503 },
      times: 1,
    });
    const reply = await buy(reference);
    expect(reply.status).toBe(503);
    expect(reply.json.responseCode).toBe(2001);
    expect(ledgerFor(reference)).toEqual([]);
  });

  it('answers any response code, by default inside an HTTP 200, without storing it', async () => {
    const reference = ref();
    h.sandbox.addFault({
      match: { operation: '1voucher.purchase' },
      action: { kind: 'response-code', code: 2210 },
      times: 1,
    });
    const reply = await buy(reference);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      responseCode: 2210,
      responseMessage: 'A timeout occurred, please resubmit the request.',
      reference,
    });
    expect((await buy(reference)).json.responseCode).toBe(0);
    h.sandbox.addFault({ action: { kind: 'response-code', code: 2222, httpStatus: 500 }, times: 1 });
    expect((await buy(ref())).status).toBe(500);
  });

  it('commit-then-drop: the effect happens once, the response is lost, and a replay returns it', async () => {
    const reference = ref('drop');
    h.sandbox.addFault({
      match: { operation: '1voucher.purchase' },
      action: { kind: 'commit-then-drop' },
      times: 1,
    });
    await expect(buy(reference)).rejects.toThrow();
    const entries = ledgerFor(reference);
    expect(entries).toHaveLength(1);
    const replay = await buy(reference);
    expect(replay.json).toMatchObject({ responseCode: 0, transactionId: entries[0]?.transactionId });
    expect(ledgerFor(reference)).toHaveLength(1);
  });

  it('applies drop rules to idempotent replays without a second effect', async () => {
    const reference = ref('replay-drop');
    const first = await buy(reference);
    h.sandbox.addFault({
      match: { operation: '1voucher.purchase' },
      action: { kind: 'commit-then-drop' },
      times: 1,
    });
    await expect(buy(reference)).rejects.toThrow();
    expect((await buy(reference)).text).toBe(first.text);
    expect(ledgerFor(reference)).toHaveLength(1);
  });

  it('refuse: the socket is destroyed before processing, leaving no effect', async () => {
    const reference = ref('refuse');
    h.sandbox.addFault({ match: { operation: '1voucher.purchase' }, action: { kind: 'refuse' }, times: 1 });
    await expect(buy(reference)).rejects.toThrow();
    expect(ledgerFor(reference)).toEqual([]);
    expect((await buy(reference)).json.responseCode).toBe(0);
    expect(ledgerFor(reference)).toHaveLength(1);
  });

  it('throttles above N requests per second with 2373 and HTTP 429', async () => {
    const id = h.sandbox.addFault({
      match: { operation: '1voucher.purchase' },
      action: { kind: 'throttle', maxPerSecond: 3 },
    });
    h.clock.advance(1_000 - (h.clock.now() % 1_000));
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await buy(ref())).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const throttled = await buy(ref());
    expect(throttled.json).toMatchObject({
      responseCode: 2373,
      responseMessage: 'Transaction threshold per second exceeded',
    });
    h.clock.advance(1_000);
    expect((await buy(ref())).status).toBe(200);
    h.sandbox.removeFault(id);
  });

  it('applies a rule `times` times and then expires it', async () => {
    h.sandbox.addFault({ action: { kind: 'http-status', status: 502 }, times: 2 });
    expect((await buy(ref())).status).toBe(502);
    expect((await buy(ref())).status).toBe(502);
    expect((await buy(ref())).status).toBe(200);
  });

  it('matches on account number, reference pattern and path prefix', async () => {
    const a = h.sandbox.addFault({
      match: { accountNumber: low },
      action: { kind: 'http-status', status: 500 },
    });
    expect((await buy(ref(), low)).status).toBe(500);
    expect((await buy(ref(), main)).status).toBe(200);
    h.sandbox.removeFault(a);
    const b = h.sandbox.addFault({
      match: { referencePattern: '^vip-' },
      action: { kind: 'http-status', status: 500 },
    });
    expect((await buy(ref('vip'))).status).toBe(500);
    expect((await buy(ref('std'))).status).toBe(200);
    h.sandbox.removeFault(b);
    h.sandbox.addFault({
      match: { pathPrefix: '/aggregation/4.0' },
      action: { kind: 'http-status', status: 500 },
    });
    expect((await buy(ref(), main, '/aggregation/4.0/1voucher/purchase')).status).toBe(500);
    expect((await buy(ref())).status).toBe(200);
    h.sandbox.clearFaults();
    expect((await buy(ref(), main, '/aggregation/4.0/1voucher/purchase')).status).toBe(200);
  });

  it('answers a body that is not JSON for the unparseable-body extension', async () => {
    h.sandbox.addFault({ action: { kind: 'unparseable-body' }, times: 1 });
    const reply = await buy(ref());
    expect(reply.status).toBe(200);
    expect(reply.json).toBeUndefined();
  });

  it('fires magic references once per reference', async () => {
    const dropped = `m${process.pid}.sbx-drop`;
    await expect(buy(dropped)).rejects.toThrow();
    expect(ledgerFor(dropped)).toHaveLength(1);
    expect((await buy(dropped)).json.responseCode).toBe(0);
    const coded = `m${process.pid}.sbx-rc2331`;
    expect((await buy(coded)).json.responseCode).toBe(2331);
    expect((await buy(coded)).json.responseCode).toBe(0);
    expect((await buy(`m${process.pid}.sbx-http504`)).status).toBe(504);
    const refused = `m${process.pid}.sbx-refuse`;
    await expect(buy(refused)).rejects.toThrow();
    expect(ledgerFor(refused)).toEqual([]);
  });

  it('manages rules over the control API', async () => {
    const url = h.sandbox.url;
    const bad = await fetch(`${url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ action: { kind: 'nope' } }),
    });
    expect(bad.status).toBe(400);
    const added = await fetch(`${url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({
        match: { operation: '1voucher.purchase' },
        action: { kind: 'http-status', status: 500 },
      }),
    });
    const { id } = (await added.json()) as { id: string };
    expect((await buy(ref())).status).toBe(500);
    expect((await (await fetch(`${url}/__sandbox/faults`)).json()) as unknown[]).toHaveLength(1);
    expect((await fetch(`${url}/__sandbox/faults/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${url}/__sandbox/faults/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await buy(ref())).status).toBe(200);
    await fetch(`${url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ action: { kind: 'refuse' } }),
    });
    expect((await fetch(`${url}/__sandbox/faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await buy(ref())).status).toBe(200);
  });

  it('rejects invalid rules from the programmatic API', () => {
    expect(() => h.sandbox.addFault({ match: { referencePattern: '(' }, action: { kind: 'hang' } })).toThrow(
      /referencePattern/,
    );
    expect(() => h.sandbox.addFault({ action: { kind: 'latency', ms: -1 } })).toThrow(/ms/);
    expect(() => h.sandbox.addFault({ action: { kind: 'hang' }, times: 0 })).toThrow(/times/);
  });

  it('can fault the token endpoint', async () => {
    h.sandbox.addFault({
      match: { operation: 'token' },
      action: { kind: 'http-status', status: 503 },
      times: 1,
    });
    expect((await requestToken(h.sandbox.url)).status).toBe(503);
    expect((await requestToken(h.sandbox.url)).status).toBe(200);
  });
});

describe('fault probability', () => {
  let draw = 0.7;
  const h = useSandbox({ random: () => draw });

  it('applies a rule only when the random draw falls under its probability', async () => {
    h.sandbox.addFault({ match: { probability: 0.5 }, action: { kind: 'http-status', status: 500 } });
    expect(
      (await h.post('/1voucher/purchase', { reference: ref(), accountNumber: main, amount: 1_000 })).status,
    ).toBe(200);
    draw = 0.2;
    expect(
      (await h.post('/1voucher/purchase', { reference: ref(), accountNumber: main, amount: 1_000 })).status,
    ).toBe(500);
  });
});

describe('latency distributions', () => {
  const target = {
    operation: 'x',
    path: '/v4/x',
    route: '/x',
    accountNumber: undefined,
    reference: undefined,
  };
  const sample = (random: number, action: Parameters<Faults['add']>[0]['action']) => {
    const faults = new Faults(
      () => 0,
      () => random,
    );
    faults.add({ action });
    return faults.plan(target)?.latencyMs;
  };

  it('samples uniform, normal and exponential latency from the random source', () => {
    expect(sample(0.5, { kind: 'latency', distribution: 'uniform', minMs: 50, maxMs: 150 })).toBe(100);
    expect(sample(0.5, { kind: 'latency', distribution: 'normal', meanMs: 100, stdDevMs: 10 })).toBeCloseTo(
      88.23,
      1,
    );
    expect(sample(0.5, { kind: 'latency', distribution: 'exponential', meanMs: 100 })).toBeCloseTo(69.31, 1);
    expect(
      sample(0.999, { kind: 'latency', distribution: 'normal', meanMs: 0, stdDevMs: 1_000 }),
    ).toBeGreaterThanOrEqual(0);
  });
});

describe('close()', () => {
  it('releases sockets held by a hang fault', async () => {
    const sandbox = await startFlashSandbox();
    const token = (await requestToken(sandbox.url)).json.access_token as string;
    sandbox.addFault({ action: { kind: 'hang' }, times: 1 });
    const pending = fetch(`${sandbox.url}/v4/1voucher/purchase`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reference: ref(), accountNumber: main, amount: 1_000 }),
    });
    const outcome = pending.then(
      () => 'answered',
      () => 'failed',
    );
    // The rule expires when it is applied: that is when the request is being held.
    while (((await (await fetch(`${sandbox.url}/__sandbox/faults`)).json()) as unknown[]).length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    await sandbox.close();
    expect(await outcome).toBe('failed');
  });
});
