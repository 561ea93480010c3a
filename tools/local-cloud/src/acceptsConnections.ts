import { connect } from 'node:net';
import { loopbackHost } from './loopback.ts';

/**
 * Whether something accepts a TCP connection on the loopback `port`: refused at once when
 * nothing listens. Tells a local cloud that is not running from one that listens but does not
 * answer (busy, stopped with SIGSTOP). With `timeoutMs`, a connection not made by then counts
 * as refused; without, it waits for the connection's own outcome.
 *
 * @example
 * ```ts
 * if (await acceptsConnections(4566, 1_000)) console.log('listening, but silent');
 * ```
 */
export const acceptsConnections = (port: number, timeoutMs?: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: loopbackHost, port });
    const settle = (accepted: boolean): void => {
      socket.destroy();
      resolve(accepted);
    };
    if (timeoutMs !== undefined) {
      socket.setTimeout(timeoutMs, () => {
        settle(false);
      });
    }
    socket.once('connect', () => {
      settle(true);
    });
    socket.once('error', () => {
      settle(false);
    });
  });
