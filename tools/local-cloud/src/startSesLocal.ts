import type { RequestListener, Server } from 'node:http';
import sesLocalModule from 'aws-ses-v2-local';
import { LocalCloudError } from './errors.ts';
import { localCloudPortLabels } from './localCloudPorts.ts';
import {
  assertPortFree,
  boundPort,
  closeServer,
  loopbackHost,
  requestListenerOf,
} from './loopback.ts';
import { persistMailStore, releaseMailStore } from './mailStore.ts';

/** A running aws-ses-v2-local (SES v2 and its web inbox). */
export interface SesLocalHandle {
  readonly port: number;
  /** Answers a request in this process, as the port would. */
  readonly requestListener: RequestListener;
  stop(): Promise<void>;
}

const label = localCloudPortLabels.ses;

type StartServer = (config?: { host?: string; port?: number }) => Promise<Server>;

// A CommonJS module with `exports.default`: under Node's ESM the default import is the whole
// `module.exports`, while bundlers and transpilers hand out `exports.default` itself.
const startServer = ((): StartServer => {
  const candidate: unknown = sesLocalModule;
  if (typeof candidate === 'function') return candidate as StartServer;
  return sesLocalModule.default;
})();

/**
 * Starts aws-ses-v2-local on loopback. It keeps mail in memory only; with `mailFile` the store
 * is loaded from that log and every change appended to it, carrying over an earlier version's
 * `legacyMailFile` (see mailStore.ts).
 */
export const startSesLocal = async (
  port: number,
  mailFile: string | undefined,
  legacyMailFile?: string,
): Promise<SesLocalHandle> => {
  persistMailStore(mailFile, legacyMailFile);
  try {
    const server = await startServer({ host: loopbackHost, port });
    // It swallows listen errors (the server just never listens); find out why with a probe.
    if (!server.listening) {
      await assertPortFree(port, label);
      throw new LocalCloudError(`${label} did not start listening on ${loopbackHost}:${port}.`);
    }
    let actualPort: number;
    let requestListener: RequestListener;
    try {
      actualPort = boundPort(server, label);
      requestListener = requestListenerOf(server, label);
    } catch (error) {
      await closeServer(server, label);
      throw error;
    }
    return {
      port: actualPort,
      requestListener,
      stop: async () => {
        try {
          await closeServer(server, label);
        } finally {
          releaseMailStore();
        }
      },
    };
  } catch (error) {
    releaseMailStore();
    throw error;
  }
};
