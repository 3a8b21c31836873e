import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { claimDefaultPort, type DefaultPortClaim } from '../../../src/engine/http/default-port.js';
import { freePort } from '../../../src/engine/http/free-port.js';

// Each test claims a port of its own (not 8000), so that it meets no verification running beside it.
describe('claimDefaultPort', () => {
  it('claims a free port, and a second claim waits for the first one to be released', async () => {
    const port = await freePort();
    const first = (await claimDefaultPort({ port, waitMs: 60_000 })) as DefaultPortClaim;
    expect(first.port).toBe(port);
    // Held: a claim that may not wait gets nothing.
    expect(await claimDefaultPort({ port, waitMs: 0 })).toEqual({ busy: `another verification on this machine held port ${port} for 0 s` });
    const second = claimDefaultPort({ port, waitMs: 60_000 });
    await first.release();
    const claimed = (await second) as DefaultPortClaim;
    expect(claimed.port).toBe(port);
    await claimed.release();
  });

  it('says the port is busy when another program listens on it, and lets the next claim try again', async () => {
    const port = await freePort();
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(port, resolve));
    try {
      expect(await claimDefaultPort({ port, waitMs: 60_000 })).toEqual({ busy: `port ${port} is in use by another program on this machine` });
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
    const claimed = (await claimDefaultPort({ port, waitMs: 60_000 })) as DefaultPortClaim;
    expect(claimed.port).toBe(port);
    await claimed.release();
  });

  it('gives up waiting when the run is cancelled', async () => {
    const port = await freePort();
    const first = (await claimDefaultPort({ port, waitMs: 60_000 })) as DefaultPortClaim;
    const controller = new AbortController();
    const second = claimDefaultPort({ port, waitMs: 60_000, signal: controller.signal });
    controller.abort();
    expect(await second).toHaveProperty('busy');
    await first.release();
  });
});
