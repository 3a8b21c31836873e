import { createServer, type Server } from 'node:http';
import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectFailure } from '../helpers/expect-failure.js';
import { runningWith, verifyMarked } from '../helpers/marked-run.js';
import { fixture } from '../helpers/paths.js';

// The port the next check gets instead of a free one: one another program already holds.
const state = vi.hoisted(() => ({ taken: undefined as number | undefined }));
vi.mock('../../src/engine/http/free-port.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/engine/http/free-port.js')>();
  return { freePort: () => (state.taken !== undefined ? Promise.resolve(state.taken) : real.freePort()) };
});

let impostor: Server | undefined;
afterEach(async () => {
  state.taken = undefined;
  await new Promise<void>((resolve) => (impostor ? impostor.close(() => resolve()) : resolve()));
  impostor = undefined;
});

describe('a port taken by another program', () => {
  it('is reported as exactly that, at once, not as a timeout; nothing is left running', async () => {
    // Another program on the port that answers just like a worker would, with its own pid.
    impostor = createServer((req, res) => {
      res.writeHead(200, { 'x-worker-pid': String(process.pid) });
      res.end('hello world\n');
    });
    await new Promise<void>((resolve) => impostor!.listen(0, resolve));
    const address = impostor.address();
    state.taken = typeof address === 'object' && address ? address.port : undefined;
    expect(state.taken).toBeGreaterThan(0);

    const { result, marker } = await verifyMarked('08-shared-port', fixture('cluster', 'serves-on-port.js'));
    const workers = availableParallelism() === 3 ? 2 : 3;
    expectFailure(
      result,
      `starts with WORKERS=${workers} and listens on PORT`,
      new RegExp(`Port ${state.taken} \\(PORT\\) (is already in use by another program|was already in use when the program listened on it: .*EADDRINUSE)`),
    );
    expect(result.steps[0]!.message).not.toMatch(/within|timed? ?out/i);
    expect(runningWith(marker)).toEqual([]);
  });
});
