import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { topology } from '@conveyor/event-types';
import {
  formatLocalCloudPorts,
  LocalCloudError,
  isLocalCloudRunning,
  type LocalCloudPorts,
  readLocalCloudPortsSetting,
} from '@conveyor/local-cloud';
import { deadLetterQueuesOf } from '@conveyor/serverless-topology';
import { type AwsClients, awsClients, queueDepth, sleep } from '@conveyor/service-testing';
import { type ConveyorEndpoints, defaultEndpoints } from './conveyorClient.ts';

/** What `npm start` serves, and SDK clients for its local cloud. */
export interface LocalSystem {
  readonly endpoints: ConveyorEndpoints;
  /** The local cloud's ports: `CONVEYOR_LOCAL_PORTS`, as the other tools read it, or the defaults. */
  readonly ports: LocalCloudPorts;
  readonly aws: AwsClients;
}

/**
 * Clients for the system `npm start` runs: the services on their declared ports, the local cloud
 * on `CONVEYOR_LOCAL_PORTS` (set it to what `npm start -- --ports` was given) or the defaults.
 *
 * @throws LocalCloudError when `CONVEYOR_LOCAL_PORTS` is set but unreadable.
 */
export const localSystem = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): LocalSystem => {
  const ports = readLocalCloudPortsSetting(env['CONVEYOR_LOCAL_PORTS'], 'CONVEYOR_LOCAL_PORTS');
  const cloudUrl = `http://127.0.0.1:${String(ports.fauxqs)}`;
  const endpoints = defaultEndpoints(ports.ses);
  return {
    endpoints,
    ports,
    aws: awsClients({
      endpoints: {
        sqs: cloudUrl,
        sns: cloudUrl,
        s3: cloudUrl,
        dynamodb: `http://127.0.0.1:${String(ports.dynamodb)}`,
        sesv2: endpoints.sesv2,
        inbox: `${endpoints.sesv2}/`,
      },
    }),
  };
};

/**
 * Like {@link localSystem}, but a `CONVEYOR_LOCAL_PORTS` it cannot read ends the script with one
 * line and exit 2, as the other tools treat a bad setting.
 */
export const localSystemOrExit = (script: string): LocalSystem => {
  try {
    return localSystem();
  } catch (error) {
    if (!(error instanceof LocalCloudError)) throw error;
    console.error(`${script}: ${error.message}`);
    return process.exit(2);
  }
};

/**
 * Fails with a one-line hint when nothing answers on checkout's port, or no local cloud answers
 * on the ports the system's clients use within `cloudPatienceMs` (npm start brings back a killed
 * one within seconds; one started with `--ports` and no `CONVEYOR_LOCAL_PORTS` never answers).
 */
export const assertSystemRunning = async (
  { endpoints, ports }: LocalSystem,
  { cloudPatienceMs = 15_000 }: { readonly cloudPatienceMs?: number } = {},
): Promise<void> => {
  const answer = await fetch(`${endpoints.checkout}/orders/00000000-0000-4000-8000-000000000000`, {
    signal: AbortSignal.timeout(5_000),
  }).catch(() => undefined);
  if (answer === undefined) {
    throw new Error(`Nothing answers on ${endpoints.checkout}. Start the system first: npm start`);
  }
  const deadline = Date.now() + cloudPatienceMs;
  while (!(await isLocalCloudRunning(ports))) {
    if (Date.now() >= deadline) {
      throw new Error(
        `No local cloud answers on ${formatLocalCloudPorts(ports)}, though checkout runs (waited ${String(Math.round(cloudPatienceMs / 1000))} s). If npm start was given --ports, set CONVEYOR_LOCAL_PORTS to the ports its local cloud printed.`,
      );
    }
    await sleep(1_000);
  }
};

/** One consumer queue of the topology, with its DLQs, as named in the local stage. */
export interface LocalQueue {
  readonly name: string;
  readonly fifo: boolean;
  readonly url: string;
  /** The queue's own DLQ: what its consumer gives up on. */
  readonly dlqUrl: string;
  /** Every DLQ the queue has: its own, and the delivery DLQ of its subscriptions if it has one. */
  readonly dlqs: readonly { readonly name: string; readonly url: string }[];
}

/** Every consumer queue of the topology, resolved in the local cloud. */
export const localQueues = async (aws: AwsClients): Promise<LocalQueue[]> => {
  const urlOf = async (name: string): Promise<string> => {
    const { QueueUrl } = await aws.sqs.send(
      new GetQueueUrlCommand({ QueueName: `conveyor-local-${name}` }),
    );
    if (QueueUrl === undefined) throw new Error(`No queue conveyor-local-${name}`);
    return QueueUrl;
  };
  return Promise.all(
    Object.entries(topology.queues).map(async ([key, queue]) => {
      const dlqs = await Promise.all(
        deadLetterQueuesOf(topology, key).map(async (dlq) => ({
          name: dlq.name,
          url: await urlOf(dlq.name),
        })),
      );
      const own = dlqs.find((dlq) => dlq.name === queue.dlqName);
      if (own === undefined) throw new Error(`No DLQ ${queue.dlqName} for ${queue.name}`);
      return {
        name: queue.name,
        fifo: queue.fifo,
        url: await urlOf(queue.name),
        dlqUrl: own.url,
        dlqs,
      };
    }),
  );
};

/** Each DLQ's depth (visible plus in flight), by DLQ name: every queue's own and delivery DLQs. */
export const dlqDepthsOf = async (
  aws: AwsClients,
  queues: readonly LocalQueue[],
): Promise<Record<string, number>> => {
  const depths: Record<string, number> = {};
  for (const dlq of queues.flatMap((queue) => queue.dlqs)) {
    depths[dlq.name] = await queueDepth(aws, dlq.url);
  }
  return depths;
};

/**
 * Waits until no consumer queue holds a message, visible or in flight, on two passes in a row, or
 * `withinMs` has passed; answers the queues that still held some on the last pass, by name. Each
 * consumer publishes before it deletes, so a message that moved on to a queue the first pass had
 * already read shows on the second. A record being retried is in flight until its visibility
 * timeout ends, and only then may it reach a DLQ: a DLQ read before that says nothing of it.
 */
export const waitForQueuesToDrain = async (
  aws: AwsClients,
  queues: readonly LocalQueue[],
  withinMs: number,
  {
    pollMs = 1_000,
    depthOf = (queue) => queueDepth(aws, queue.url),
  }: {
    readonly pollMs?: number;
    /** How a queue's depth is read: the bench's waits out a local cloud restarting. */
    readonly depthOf?: (queue: LocalQueue) => Promise<number>;
  } = {},
): Promise<Record<string, number>> => {
  const deadline = Date.now() + withinMs;
  let emptyPasses = 0;
  for (;;) {
    const holding: Record<string, number> = {};
    for (const queue of queues) {
      const depth = await depthOf(queue);
      if (depth > 0) holding[queue.name] = depth;
    }
    emptyPasses = Object.keys(holding).length === 0 ? emptyPasses + 1 : 0;
    if (emptyPasses === 2) return {};
    if (Date.now() >= deadline) return holding;
    if (emptyPasses === 0) await sleep(Math.min(pollMs, Math.max(deadline - Date.now(), 0)));
  }
};
