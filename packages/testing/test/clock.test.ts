import { describe, expect, it } from 'vitest';
import { manualClock } from '../src/index.ts';

describe('manualClock', () => {
  it('stands still until it is moved', () => {
    const clock = manualClock(1_000);
    expect(clock.now()).toBe(1_000);
    expect(clock.now()).toBe(1_000);
  });

  it('starts at the real time by default', () => {
    const before = Date.now();
    const at = manualClock().now();
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it('advances by the given step and is set to an exact time, back as well as forward', () => {
    const clock = manualClock(1_000);
    clock.advance(250);
    clock.advance(0);
    expect(clock.now()).toBe(1_250);
    clock.set(5_000);
    expect(clock.now()).toBe(5_000);
    clock.set(10);
    expect(clock.now()).toBe(10);
  });

  it('can be handed out as a detached now function that sees later moves', () => {
    const clock = manualClock(0);
    const { now } = clock;
    const options = { now: clock.now };
    clock.advance(1_800_000);
    expect(now()).toBe(1_800_000);
    expect(options.now()).toBe(1_800_000);
  });

  it('refuses to move back by advance or to a time that is not finite, and keeps its time', () => {
    const clock = manualClock(1_000);
    expect(() => clock.advance(-1)).toThrow(/advance\(-1\) moves back/);
    expect(() => clock.advance(Number.NaN)).toThrow(/not a finite time/);
    expect(() => clock.set(Number.POSITIVE_INFINITY)).toThrow(/not a finite time/);
    expect(() => manualClock(Number.NaN)).toThrow(/not a finite time/);
    expect(clock.now()).toBe(1_000);
  });
});
