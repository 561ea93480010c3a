import { type SnsDelivery, type SnsExtension, startFauxqs } from 'fauxqs';
import { LocalCloudError } from './errors.ts';
import { localRegion } from './localAccount.ts';
import { localCloudPortLabels } from './localCloudPorts.ts';
import type { RequestListener } from 'node:http';
import { listenError, loopbackHost, requestListenerOf } from './loopback.ts';

/** A running fauxqs (SQS, SNS, S3). */
export interface FauxqsHandle {
  readonly port: number;
  /** Answers a request in this process, as the port would. */
  readonly requestListener: RequestListener;
  stop(): Promise<void>;
}

const label = localCloudPortLabels.fauxqs;

/**
 * Starts fauxqs through `startFauxqs`, which wires its SQLite persistence, bound to loopback.
 * Upstream `startFauxqs` always binds 0.0.0.0 (its `host` only shapes queue URLs); the patch in
 * tools/patches adds `listenHost`. `buildApp()` + `listen` would bind loopback but skip the
 * persistence wiring, which is not exported.
 */
export const startFauxqsOnLoopback = async (
  port: number,
  dataDir: string | undefined,
  snsDeliveryFilter?: (delivery: SnsDelivery) => Promise<boolean>,
  snsExtension?: SnsExtension,
): Promise<FauxqsHandle> => {
  // Fail closed: without the patch, fauxqs would silently listen on every interface.
  if (!startFauxqs.toString().includes('listenHost')) {
    throw new LocalCloudError(
      'fauxqs is not patched (tools/patches/fauxqs+*.patch): it would listen on every interface. Run `npx patch-package --patch-dir tools/patches` from the repo root.',
    );
  }
  // Fail closed: without it, SNS would deliver to queues whose policy refuses the topic.
  if (snsDeliveryFilter !== undefined && !startFauxqs.toString().includes('snsDeliveryFilter')) {
    throw new LocalCloudError(
      'fauxqs is not patched (tools/patches/fauxqs+*.patch): it cannot check queue policies on SNS deliveries. Run `npx patch-package --patch-dir tools/patches` from the repo root, or start with --no-iam.',
    );
  }
  // Fail closed: without it, topics would take an ArchivePolicy and archive nothing.
  if (snsExtension !== undefined && !startFauxqs.toString().includes('snsExtension')) {
    throw new LocalCloudError(
      'fauxqs is not patched (tools/patches/fauxqs+*.patch): it cannot archive and replay SNS messages. Run `npx patch-package --patch-dir tools/patches` from the repo root.',
    );
  }
  // Fail closed: without it, the IAM layer could not hand fauxqs the requests it lets through.
  if (!startFauxqs.toString().includes('httpServer')) {
    throw new LocalCloudError(
      'fauxqs is not patched (tools/patches/fauxqs+*.patch): it does not expose its HTTP server. Run `npx patch-package --patch-dir tools/patches` from the repo root.',
    );
  }
  let server: Awaited<ReturnType<typeof startFauxqs>>;
  try {
    server = await startFauxqs({
      port,
      listenHost: loopbackHost,
      // Empty: queue URLs take the request's host (127.0.0.1:PORT) instead of
      // sqs.<region>.localhost, which does not resolve inside function workers.
      host: '',
      logger: false,
      defaultRegion: localRegion,
      ...(dataDir === undefined ? {} : { dataDir }),
      ...(snsDeliveryFilter === undefined ? {} : { snsDeliveryFilter }),
      ...(snsExtension === undefined ? {} : { snsExtension }),
    });
  } catch (error) {
    throw listenError(error, port, label);
  }
  const bound = new URL(server.address);
  if (bound.hostname !== loopbackHost) {
    await server.stop();
    throw new LocalCloudError(
      `${label} bound ${bound.host}, not ${loopbackHost}; refusing to run.`,
    );
  }
  let requestListener: RequestListener;
  try {
    requestListener = requestListenerOf(server.httpServer, label);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { port: server.port, requestListener, stop: () => server.stop() };
};
