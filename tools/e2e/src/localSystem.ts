import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { topology } from '@conveyor/event-types';
import { defaultLocalCloudPorts } from '@conveyor/local-cloud';
import { type AwsClients, awsClients, queueDepth } from '@conveyor/service-testing';
import { type ConveyorEndpoints, defaultEndpoints } from './conveyorClient.ts';

/** What `npm start` serves on its default ports, and SDK clients for its local cloud. */
export interface LocalSystem {
  readonly endpoints: ConveyorEndpoints;
  readonly aws: AwsClients;
}

/** Clients for the system `npm start` runs on the default ports. */
export const localSystem = (): LocalSystem => {
  const cloudUrl = `http://127.0.0.1:${defaultLocalCloudPorts.fauxqs}`;
  const endpoints = defaultEndpoints();
  return {
    endpoints,
    aws: awsClients({
      endpoints: {
        sqs: cloudUrl,
        sns: cloudUrl,
        s3: cloudUrl,
        dynamodb: `http://127.0.0.1:${defaultLocalCloudPorts.dynamodb}`,
        sesv2: endpoints.sesv2,
        inbox: `${endpoints.sesv2}/`,
      },
    }),
  };
};

/** Fails with a one-line hint when nothing answers on checkout's port. */
export const assertSystemRunning = async (endpoints: ConveyorEndpoints): Promise<void> => {
  const answer = await fetch(`${endpoints.checkout}/orders/00000000-0000-4000-8000-000000000000`, {
    signal: AbortSignal.timeout(5_000),
  }).catch(() => undefined);
  if (answer === undefined) {
    throw new Error(`Nothing answers on ${endpoints.checkout}. Start the system first: npm start`);
  }
};

/** One consumer queue of the topology, with its DLQ, as named in the local stage. */
export interface LocalQueue {
  readonly name: string;
  readonly fifo: boolean;
  readonly url: string;
  readonly dlqUrl: string;
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
    Object.values(topology.queues).map(async (queue) => ({
      name: queue.name,
      fifo: queue.fifo,
      url: await urlOf(queue.name),
      dlqUrl: await urlOf(queue.dlqName),
    })),
  );
};

/** Each DLQ's depth (visible plus in flight), by source queue name. */
export const dlqDepthsOf = async (
  aws: AwsClients,
  queues: readonly LocalQueue[],
): Promise<Record<string, number>> => {
  const depths: Record<string, number> = {};
  for (const queue of queues) depths[queue.name] = await queueDepth(aws, queue.dlqUrl);
  return depths;
};
