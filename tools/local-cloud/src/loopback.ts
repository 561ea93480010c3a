import type { RequestListener, Server } from 'node:http';
import { createServer } from 'node:net';
import { LocalCloudError, PortInUseError } from './errors.ts';

/** The only interface anything local binds: nothing may be reachable from another machine. */
export const loopbackHost = '127.0.0.1';

const errorCode = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;

/**
 * Turns a failed bind into a one-line error naming the port and what wanted it, and for a taken
 * port, `remedy`: how to give that part another (by default, the local cloud's `--ports`).
 */
export const listenError = (
  error: unknown,
  port: number,
  service: string,
  remedy?: string,
): LocalCloudError => {
  const code = errorCode(error);
  if (code === 'EADDRINUSE') return new PortInUseError(port, service, { cause: error }, remedy);
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new LocalCloudError(`Cannot listen on ${loopbackHost}:${port} (${service}): ${reason}.`, {
    cause: error,
  });
};

/** Binds and releases the port once: answers the bind's error, or `undefined` if it was free. */
const bindOnce = (port: number): Promise<unknown> =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', resolve);
    probe.listen({ port, host: loopbackHost, exclusive: true }, () => {
      probe.close(() => {
        resolve(undefined);
      });
    });
  });

/**
 * Binds and releases the port once, to fail before anything starts (and before a server opens
 * its files) when the port is taken. A later bind can still lose a race; callers handle that too.
 */
export const assertPortFree = async (
  port: number,
  service: string,
  remedy?: string,
): Promise<void> => {
  if (port === 0) return;
  const error = await bindOnce(port);
  if (error !== undefined) throw listenError(error, port, service, remedy);
};

/** Options of {@link waitForPortsToFree}. */
export interface WaitForPortsOptions {
  /** How long to wait for taken ports to be released. */
  readonly withinMs: number;
  /** The pause between probes. */
  readonly pollMs?: number;
  /** Told once, with the ports taken at first, when there are any. */
  readonly onWait?: (taken: readonly number[]) => void;
}

/**
 * Waits, bounded, until every port can be bound; answers the ports still taken at the end. The
 * parts of an npm start killed with SIGKILL stop by themselves within seconds, and meanwhile keep
 * their ports: a start right after would otherwise be refused for ports about to be released.
 * Port 0 is never taken.
 */
export const waitForPortsToFree = async (
  ports: readonly number[],
  { withinMs, pollMs = 250, onWait }: WaitForPortsOptions,
): Promise<number[]> => {
  const giveUpAt = Date.now() + withinMs;
  const wanted = [...new Set(ports)].filter((port) => port !== 0);
  const takenOf = async (): Promise<number[]> => {
    const errors = await Promise.all(wanted.map(bindOnce));
    // Only a port in use is waited for; any other failure is for assertPortFree to name.
    return wanted.filter((_, index) => errorCode(errors[index]) === 'EADDRINUSE');
  };
  let taken = await takenOf();
  if (taken.length > 0) onWait?.(taken);
  while (taken.length > 0 && Date.now() < giveUpAt) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    taken = await takenOf();
  }
  return taken;
};

/**
 * The one `request` listener of a server: called in this process, it answers a request as the
 * server's port would.
 */
export const requestListenerOf = (server: Server, service: string): RequestListener => {
  const listeners = server.listeners('request');
  const [listener] = listeners;
  if (listeners.length !== 1 || typeof listener !== 'function') {
    throw new LocalCloudError(
      `${service} has ${String(listeners.length)} request listeners, not one; cannot hand it requests.`,
    );
  }
  return listener as RequestListener;
};

/** Listens on loopback and resolves with the bound port (useful when `port` is 0). */
export const listenOnLoopback = async (
  server: Server,
  port: number,
  service: string,
): Promise<number> => {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(listenError(error, port, service));
    };
    server.once('error', onError);
    server.listen(port, loopbackHost, () => {
      server.off('error', onError);
      resolve();
    });
  });
  return boundPort(server, service);
};

/** The port a listening server is bound to, after checking it is bound to loopback only. */
export const boundPort = (server: Server, service: string): number => {
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new LocalCloudError(`${service} is not listening on a TCP port.`);
  }
  if (address.address !== loopbackHost) {
    throw new LocalCloudError(
      `${service} bound ${address.address}:${address.port}, not ${loopbackHost}; refusing to run.`,
    );
  }
  return address.port;
};

/**
 * Closes a server, giving open requests `graceMs` before cutting every connection (SDK clients
 * keep connections alive), and gives up after `timeoutMs` so a stop never hangs.
 */
export const closeServer = async (
  server: Server,
  service: string,
  { graceMs = 1_000, timeoutMs = 10_000 }: { graceMs?: number; timeoutMs?: number } = {},
): Promise<void> => {
  if (!server.listening) return;
  let graceTimer: NodeJS.Timeout | undefined;
  let timeoutTimer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      server.close((error) => {
        // dynalite's close() reports success with null, not undefined.
        if (error) {
          reject(
            new LocalCloudError(`Could not stop ${service}: ${error.message}`, { cause: error }),
          );
        } else {
          resolve();
        }
      });
      server.closeIdleConnections();
      graceTimer = setTimeout(() => {
        server.closeAllConnections();
      }, graceMs);
      timeoutTimer = setTimeout(() => {
        reject(new LocalCloudError(`${service} did not stop within ${timeoutMs} ms.`));
      }, timeoutMs);
    });
  } finally {
    clearTimeout(graceTimer);
    clearTimeout(timeoutTimer);
  }
};
