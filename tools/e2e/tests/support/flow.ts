import { randomUUID } from 'node:crypto';
import { awsClients, patience, waitFor } from '@conveyor/service-testing';
import { inject } from 'vitest';
import { type CheckoutRequest, conveyorClient, type OrderView } from '../../src/conveyorClient.ts';
import { dlqDepthsOf, localQueues, waitForQueuesToDrain } from '../../src/localSystem.ts';

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

/** Every DLQ of the topology (each queue's own and its delivery DLQ), with its depth, by name. */
export const dlqDepths = async (): Promise<Record<string, number>> => {
  const aws = clients();
  try {
    return await dlqDepthsOf(aws, await localQueues(aws));
  } finally {
    aws.destroy();
  }
};

/**
 * Waits until every consumer queue of the topology is empty, visible and in flight (see
 * `waitForQueuesToDrain`): whatever was published before the call has then been handled by every
 * service it reaches.
 */
export const waitForConsumersDrained = async (): Promise<void> => {
  const aws = clients();
  try {
    const holding = await waitForQueuesToDrain(aws, await localQueues(aws), patience.outcome);
    if (Object.keys(holding).length > 0) {
      throw new Error(
        `Consumer queues not drained after ${String(patience.outcome / 1000)} s: ${JSON.stringify(holding)}`,
      );
    }
  } finally {
    aws.destroy();
  }
};
