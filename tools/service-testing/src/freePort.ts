import { freePorts } from '@conveyor/local-cloud';

/**
 * A TCP port on 127.0.0.1 that was free a moment ago. For several ports of one system, use
 * `freePorts` (`@conveyor/local-cloud`): it never gives the same port twice.
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
