import { randomUUID } from 'node:crypto';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { topology } from '@conveyor/event-types';
import { awsClients, patience, queueDepth, waitFor } from '@conveyor/service-testing';
import { inject } from 'vitest';
import { type CheckoutRequest, conveyorClient, type OrderView } from '../../src/conveyorClient.ts';

export const conveyor = () => conveyorClient(inject('conveyor'));
export const clients = () => awsClients({ endpoints: inject('cloudEndpoints') });

/** A customer nobody else uses, so mails and contacts can be counted exactly. */
export const newCustomer = (label: string) => {
  const id = `cus-${label}-${randomUUID().slice(0, 8)}`;
  return { id, email: `${id}@example.com`, name: 'Ada Lovelace' };
};

export const orderRequest = (
  customer: ReturnType<typeof newCustomer>,
  lines: CheckoutRequest['lines'],
  marketingOptIn = true,
): CheckoutRequest => ({
  customer,
  lines,
  shippingAddress: {
    name: customer.name,
    line1: '12 Analytical Row',
    city: 'London',
    postalCode: 'NW1 6XE',
    country: 'GB',
  },
  currency: 'GBP',
  marketingOptIn,
});

/** Waits until the order reaches one of `statuses`, and returns it. */
const waitForAnyStatus = async (
  orderId: string,
  statuses: readonly string[],
  timeoutMs: number,
): Promise<OrderView> =>
  waitFor(
    async () => {
      const { body } = await conveyor().getOrder(orderId);
      return statuses.includes(body.status) ? body : undefined;
    },
    { description: `order ${orderId} ${statuses.join(' or ')}`, timeoutMs, intervalMs: 500 },
  );

export const waitForStatus = (
  orderId: string,
  status: string,
  timeoutMs: number = patience.outcome,
): Promise<OrderView> => waitForAnyStatus(orderId, [status], timeoutMs);

export const waitForFinalStatus = (
  orderId: string,
  timeoutMs: number = patience.outcome,
): Promise<OrderView> => waitForAnyStatus(orderId, ['SHIPPED', 'REJECTED'], timeoutMs);

/** Every consumer queue's DLQ, from the topology, with its depth. */
export const dlqDepths = async (): Promise<Record<string, number>> => {
  const aws = clients();
  const depths: Record<string, number> = {};
  for (const queue of Object.values(topology.queues)) {
    const name = `conveyor-local-${queue.dlqName}`;
    const { QueueUrl } = await aws.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    depths[name] = await queueDepth(aws, QueueUrl ?? '');
  }
  aws.destroy();
  return depths;
};

/**
 * Waits until every consumer queue of the topology is empty, visible and in flight, on two
 * passes in a row: each consumer publishes before it deletes, so whatever was published before
 * the call has then been handled by every service it reaches. The second pass covers a message
 * that moved on to a queue the first pass had already read.
 */
export const waitForConsumersDrained = async (): Promise<void> => {
  const aws = clients();
  try {
    const urls: string[] = [];
    for (const queue of Object.values(topology.queues)) {
      const name = `conveyor-local-${queue.name}`;
      const { QueueUrl } = await aws.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      if (QueueUrl === undefined) throw new Error(`no queue ${name}`);
      urls.push(QueueUrl);
    }
    const allEmpty = async (): Promise<boolean> => {
      for (const url of urls) if ((await queueDepth(aws, url)) > 0) return false;
      return true;
    };
    await waitFor(async () => ((await allEmpty()) && (await allEmpty()) ? true : undefined), {
      description: 'every consumer queue drained: everything published so far handled',
    });
  } finally {
    aws.destroy();
  }
};
