import { createServer } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback.ts';

const what = 'a free port';

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
  const bound = await Promise.allSettled(
    servers.map((server) => listenOnLoopback(server, 0, what)),
  );
  await Promise.all(servers.map((server) => closeServer(server, what)));
  return bound.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
};
