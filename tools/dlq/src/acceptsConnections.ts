import { connect } from 'node:net';

/**
 * Whether something accepts a TCP connection on `host:port` within `timeoutMs`: tells a local
 * cloud that is not running (refused) from one that runs but does not answer (busy, stopped).
 *
 * @example
 * ```ts
 * if (await acceptsConnections('127.0.0.1', 4566)) console.log('listening, but silent');
 * ```
 */
export const acceptsConnections = (
  host: string,
  port: number,
  timeoutMs = 1_000,
): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host, port });
    const settle = (accepted: boolean): void => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => {
      settle(false);
    });
    socket.once('connect', () => {
      settle(true);
    });
    socket.once('error', () => {
      settle(false);
    });
  });
