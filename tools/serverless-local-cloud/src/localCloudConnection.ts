import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  acceptsConnections,
  isLocalCloudRunning,
  type LocalCloudEndpoints,
  LocalCloudError,
  type LocalCloudPorts,
  localAccountId,
  localRegion,
  readLocalCloudPortsSetting,
} from '@conveyor/local-cloud';
import { LocalCloudNotRunningError, LocalCloudPluginError } from './errors.ts';
import type { LocalCloudClients } from './provisionResources.ts';
import type { LocalCloudIdentity } from './resourceCatalog.ts';

/** Environment variable that points the plugin at a local cloud on other ports. */
export const localPortsVariable = 'CONVEYOR_LOCAL_PORTS';

const loopback = '127.0.0.1';
const portKeys = ['fauxqs', 'dynamodb', 'ses'] as const;

/**
 * Reads the local cloud's ports from `CONVEYOR_LOCAL_PORTS`: JSON such as
 * `{"fauxqs":4566,"dynamodb":4567,"ses":4568}` (any subset), or the local cloud's own
 * `fauxqs=4566,dynamodb=4567,ses=4568` form. Missing ports take the defaults.
 *
 * @throws LocalCloudPluginError with the local cloud's one-line reason, for the plugin to show.
 */
export const readLocalCloudPorts = (value: string | undefined): LocalCloudPorts => {
  try {
    return readLocalCloudPortsSetting(value, localPortsVariable);
  } catch (error) {
    if (error instanceof LocalCloudError) {
      throw new LocalCloudPluginError(error.message, { cause: error });
    }
    throw error;
  }
};

/** Account, region and partition of every ARN in the local cloud, and its queue URLs. */
export const localCloudIdentity = (endpoints: LocalCloudEndpoints): LocalCloudIdentity => ({
  region: localRegion,
  accountId: localAccountId,
  partition: 'aws',
  sqsEndpoint: endpoints.sqs,
});

/** How long a local cloud that listens may take to answer its health checks. */
const healthDeadlineMs = 60_000;
const healthRetryMs = 250;

/** How {@link assertLocalCloudRunning} waits for a local cloud that listens but does not answer. */
export interface LocalCloudWait {
  /** How long in all; 60 s by default. */
  readonly deadlineMs?: number;
  /** Told once when the wait has lasted `sayWaitingAfterMs` (5 s by default), so it is not silent. */
  readonly onWaiting?: (message: string) => void;
  readonly sayWaitingAfterMs?: number;
}

/**
 * Fails with one line telling how to start the local cloud, unless it answers. Nothing
 * listening fails at once; a local cloud that listens but answers slowly (a loaded machine, a
 * restart in progress) is waited for, rather than taken for absent after a one-second probe.
 */
export const assertLocalCloudRunning = async (
  ports: LocalCloudPorts,
  {
    deadlineMs = healthDeadlineMs,
    onWaiting = () => undefined,
    sayWaitingAfterMs = 5_000,
  }: LocalCloudWait = {},
): Promise<void> => {
  const where = `${loopback}:${ports.fauxqs}/${ports.dynamodb}/${ports.ses}`;
  const startedAt = Date.now();
  const giveUpAt = startedAt + deadlineMs;
  let saidWaiting = false;
  while (!(await isLocalCloudRunning(ports))) {
    const listening = await Promise.all(portKeys.map((key) => acceptsConnections(ports[key])));
    if (!listening.every(Boolean)) {
      throw new LocalCloudNotRunningError(
        `The local cloud is not running on ${where}. Start it from the repo root with "npm run local-cloud" (or "npm start" for everything); one on other ports needs them in CONVEYOR_LOCAL_PORTS.`,
      );
    }
    if (!saidWaiting && Date.now() - startedAt >= sayWaitingAfterMs) {
      saidWaiting = true;
      onWaiting(
        `Something listens on ${where} but does not answer as the local cloud yet: waiting up to ${String(deadlineMs / 1000)} s in all.`,
      );
    }
    if (Date.now() > giveUpAt) {
      throw new LocalCloudNotRunningError(
        `Something listens on ${where} but does not answer as the local cloud within ${String(deadlineMs / 1000)} s. Is it the local cloud ("npm run local-cloud")?`,
      );
    }
    await sleep(healthRetryMs);
  }
};

/**
 * The request handler options of the plugin's clients: `requestTimeoutMs` bounds every call, long
 * polls included, so a hung (stopped) local cloud cannot hang a poller. Without
 * `throwOnRequestTimeout` the SDK's handler only logs a warning at the timeout and waits on.
 */
export const localCloudRequestHandler = (requestTimeoutMs = 30_000) =>
  ({ requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true }) as const;

/** SDK v3 clients for the local cloud, each call bounded by `requestTimeoutMs`. */
export const createLocalCloudClients = (
  endpoints: LocalCloudEndpoints,
  requestTimeoutMs = 30_000,
): LocalCloudClients => {
  const common = {
    region: localRegion,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: localCloudRequestHandler(requestTimeoutMs),
  };
  return {
    sqs: new SQSClient({ ...common, endpoint: endpoints.sqs }),
    sns: new SNSClient({ ...common, endpoint: endpoints.sns }),
    dynamodb: new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb }),
    s3: new S3Client({ ...common, endpoint: endpoints.s3, forcePathStyle: true }),
  };
};

/** Closes the clients' sockets. */
export const destroyLocalCloudClients = (clients: LocalCloudClients): void => {
  clients.sqs.destroy();
  clients.sns.destroy();
  clients.dynamodb.destroy();
  clients.s3.destroy();
};
