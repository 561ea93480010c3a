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
  // Every bind settles before any is closed: one failing must not leave another still binding.
  const bound = await Promise.allSettled(servers.map(listenOnAnyPort));
  await Promise.all(
    servers
      .filter((server) => server.listening)
      .map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => {
              resolve();
            });
          }),
      ),
  );
  return bound.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
};
