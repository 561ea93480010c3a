import { createServer, type Server } from 'node:net';
import { loopbackHost } from './loopback.ts';

const listenOnAnyPort = (server: Server): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, loopbackHost, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });

/**
 * `count` different TCP ports on 127.0.0.1 that were free a moment ago, for the parts of one
 * system (tests, benchmarks). All are held until the last is found: asked one by one, the kernel
 * may hand back a port just released, and two parts would be given the same one.
 *
 * @example
 * ```ts
 * const [httpPort, lambdaPort] = await freePorts(2);
 * ```
 */
export const freePorts = async (count: number): Promise<number[]> => {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(servers.map(listenOnAnyPort));
  } finally {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            if (!server.listening) {
              resolve();
              return;
            }
            server.close(() => {
              resolve();
            });
          }),
      ),
    );
  }
};
