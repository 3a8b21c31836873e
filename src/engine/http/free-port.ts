import { connect, createServer } from 'node:net';

/**
 * How long a port freePort handed out stays reserved: Linux keeps a TIME_WAIT socket for 60 s, longer
 * than any start deadline (lesson 14's is 20 s); once the program listens, the kernel holds the port for it.
 */
const RESERVED_MS = 60_000;

/** Ports handed out in this process, and when: never handed out twice while reserved. */
const handedOut = new Map<number, number>();

/** How many ports the OS may offer that this process handed out already before freePort gives up. */
const MAX_ATTEMPTS = 20;

/**
 * A TCP port that nothing listens on, reserved for about a minute for the program the caller starts.
 * A port that is merely free may be handed to someone else between now and the program's listen (another
 * run of this process, another verify or test worker, any program binding port 0): that run then meets
 * "another program" on its port. So the OS picks the port (listen on port 0), and one connection to it is
 * closed from the listening side first, which leaves the port in TIME_WAIT. Linux's bind to port 0 and its
 * connect() pass such a port over, in every process, while a program that listens on it by number still
 * can (node sets SO_REUSEADDR on every server, as redis-server does). This is the technique of Yelp's
 * ephemeral-port-reserve. Where TIME_WAIT does not hold a port, this process at least never hands it out twice.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const port = await reservedPort();
    const now = Date.now();
    for (const [old, at] of handedOut) if (now - at >= RESERVED_MS) handedOut.delete(old);
    if (handedOut.has(port)) continue;
    handedOut.set(port, now);
    return port;
  }
  throw new Error(`the OS offered only ports handed out in the last ${RESERVED_MS / 1000} s`);
}

// Listens on 127.0.0.1 port 0, connects once, ends that connection from the server's side first (so that
// side goes through TIME_WAIT) and resolves with the port once the server has closed, which waits for the
// accepted end. A connection that fails leaves the port free but unreserved: it is still resolved.
function reservedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer((accepted) => {
      accepted.once('error', () => accepted.destroy());
      accepted.end();
    });
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      if (port <= 0) {
        server.close();
        reject(new Error('the OS gave no free port'));
        return;
      }
      const client = connect({ host: '127.0.0.1', port });
      client.resume();
      client.once('error', () => client.destroy());
      client.once('close', () => server.close(() => resolve(port)));
    });
  });
}
