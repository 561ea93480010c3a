import { createServer, type Server } from 'node:net';

const listenOnAnyPort = async (): Promise<{ server: Server; port: number }> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : 0 });
    });
  });

/**
 * `count` different TCP ports on 127.0.0.1 that were free a moment ago. All are held until the
 * last is found: asked one by one, the kernel may hand back a port just released, and two parts
 * of one system would be given the same port.
 *
 * @example
 * ```ts
 * const [httpPort, lambdaPort] = await freePorts(2);
 * ```
 */
export const freePorts = async (count: number): Promise<number[]> => {
  const held: Server[] = [];
  try {
    const ports: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const { server, port } = await listenOnAnyPort();
      held.push(server);
      ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(
      held.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => {
              resolve();
            });
          }),
      ),
    );
  }
};

/**
 * A TCP port on 127.0.0.1 that was free a moment ago. For several ports of one system, use
 * {@link freePorts}: it never gives the same port twice.
 *
 * @example
 * ```ts
 * const port = await freePort();
 * ```
 */
export const freePort = async (): Promise<number> => {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('No free port was found.');
  return port;
};
