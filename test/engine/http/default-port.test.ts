import { createServer, type Socket } from 'node:net';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../helpers/paths.js';
import { claimDefaultPort, lockAddress, type DefaultPortClaim } from '../../../src/engine/http/default-port.js';
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

  it('keeps a process alive while it waits for the claim: nothing else of it may be running then (verify, grade)', async () => {
    const port = await freePort();
    // The lock held here by hand, so that the test sees the waiter connect to it.
    const lock = createServer();
    await new Promise<void>((resolve) => lock.listen(lockAddress(port), resolve));
    const waiter = execa(process.execPath, ['--import', 'tsx', fixture('engine', 'waits-for-a-claim.ts'), String(port)], { reject: false });
    const connected = new Promise<Socket>((resolve) => lock.once('connection', resolve));
    // Exit 13 is Node's "unsettled top-level await": the wait held nothing open, and the process ended inside it.
    const first = await Promise.race([connected, waiter]);
    expect('exitCode' in first ? first.exitCode : 'waiting').toBe('waiting');
    (first as Socket).destroy();
    await new Promise((resolve) => lock.close(resolve));
    const result = await waiter;
    expect({ exitCode: result.exitCode, stdout: result.stdout }).toEqual({ exitCode: 0, stdout: `claimed ${port}` });
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
