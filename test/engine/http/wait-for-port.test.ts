import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { timeouts } from '../../../src/checks/timeouts.js';
import { freePort } from '../../../src/engine/http/free-port.js';
import { startProgram, type Program } from '../../../src/engine/program/program.js';
import { ListeningElsewhereError, PortInUseError, waitForPort } from '../../../src/engine/http/wait-for-port.js';
import { WaitError } from '../../../src/engine/waits/wait-errors.js';
import { fixture } from '../../helpers/paths.js';

const started: Program[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  await Promise.all(started.splice(0).map((program) => program.stop()));
});

function start(file: string, port: number, signal?: AbortSignal, env: Record<string, string> = {}): Program {
  const program = startProgram({ file, env: { PORT: String(port), WORKERS: '2', NODE_CLUSTER_SCHED_POLICY: 'rr', ...env }, signal });
  started.push(program);
  return program;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('waitForPort', () => {
  it("resolves once the program's own workers accept connections", async () => {
    const port = await freePort();
    await expect(waitForPort(port, start(fixture('cluster', 'serves-on-port.js'), port), { timeoutMs: timeouts.startMs })).resolves.toBeUndefined();
  });

  it.runIf(process.platform === 'linux')('fails with the ports the program listens on instead, from the socket table, not at the deadline', async () => {
    const port = await freePort();
    const other = await freePort();
    const program = start(fixture('cluster', 'listens-on-another-port.js'), port, undefined, { OTHER_PORT: String(other) });
    const error = await rejection(waitForPort(port, program, { timeoutMs: 60_000 }));
    expect(error).toBeInstanceOf(ListeningElsewhereError);
    expect(error).toMatchObject({ port, ports: [other] });
  });

  it('fails with the EADDRINUSE line the program printed, not at the deadline', async () => {
    const port = await freePort();
    const error = await rejection(waitForPort(port, start(fixture('cluster', 'says-address-in-use.js'), port), { timeoutMs: timeouts.startMs }));
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as PortInUseError).line).toBe(`Error: listen EADDRINUSE: address already in use :::${port}`);
  });

  it('fails when another program holds the port', async () => {
    const holder = createServer();
    servers.push(holder);
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    const port = (holder.address() as { port: number }).port;
    const error = await rejection(waitForPort(port, start(fixture('engine', 'hangs.js'), port), { timeoutMs: timeouts.startMs }));
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as PortInUseError).line).toBeUndefined();
    expect((error as PortInUseError).message).toBe(`port ${port} is already in use by another program`);
  });

  it('fails when the program exits first, or at the deadline, or when cancelled', async () => {
    const exited = await rejection(waitForPort(await freePort(), start(fixture('engine', 'exits-early.js'), 1), { timeoutMs: timeouts.startMs }));
    expect(exited).toBeInstanceOf(WaitError);
    expect((exited as WaitError).reason).toBe('exited');
    const timedOut = await rejection(waitForPort(await freePort(), start(fixture('engine', 'hangs.js'), 1), { timeoutMs: 100 }));
    expect((timedOut as WaitError).reason).toBe('timeout');
    const controller = new AbortController();
    const pending = waitForPort(await freePort(), start(fixture('engine', 'hangs.js'), 1), { timeoutMs: timeouts.startMs, signal: controller.signal });
    controller.abort();
    expect(((await rejection(pending)) as WaitError).reason).toBe('cancelled');
  });
});
