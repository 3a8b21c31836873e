import { describe, expect, it } from 'vitest';
import { getEventListeners } from 'node:events';
import { SignalLink } from '../../src/checks/link-signals.js';

describe('SignalLink', () => {
  it('aborts when any linked signal aborts, and at once for one already aborted', () => {
    const first = new AbortController();
    const second = new AbortController();
    const link = new SignalLink(first.signal, undefined, second.signal);
    expect(link.signal.aborted).toBe(false);
    second.abort();
    expect(link.signal.aborted).toBe(true);
    expect(new SignalLink(AbortSignal.abort()).signal.aborted).toBe(true);
  });

  it('aborts when a promise settles or an event source fires', async () => {
    let resolve = () => {};
    const settled = new SignalLink().followSettled(new Promise<void>((r) => (resolve = r)));
    resolve();
    await Promise.resolve();
    expect(settled.signal.aborted).toBe(true);
    let fire = () => {};
    const fired = new SignalLink().followEvent((callback) => ((fire = callback), () => {}));
    fire();
    expect(fired.signal.aborted).toBe(true);
  });

  it('removes every listener it added on dispose', () => {
    const source = new AbortController();
    let subscribed = 0;
    const link = new SignalLink(source.signal).followEvent(() => (subscribed++, () => subscribed--));
    expect(getEventListeners(source.signal, 'abort')).toHaveLength(1);
    expect(subscribed).toBe(1);
    link.dispose();
    expect(getEventListeners(source.signal, 'abort')).toHaveLength(0);
    expect(subscribed).toBe(0);
    source.abort();
    expect(link.signal.aborted).toBe(false);
  });
});
