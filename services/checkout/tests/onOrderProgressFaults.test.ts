// The order-status consumer when AWS would refuse or stall its write. Permission denied: with
// dynamodb:UpdateItem taken out of onOrderProgress's role (as a fixture copy of the role without
// it would be), the local cloud refuses the status change. Timeout: a proxy holds the status
// change's request, so the handler passes its timeout and its worker is stopped, as Lambda stops
// it. Either way the record is retried, lands in the DLQ after 3 receives, and the order moves
// at most once; other functions and orders are not affected. Retry: the permission comes back
// after one refusal (as while a role change propagates), and the record's next receive moves
// the order.
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { buildEvent, exampleEventData, type InventoryReservedV1 } from '@conveyor/event-types';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import {
  markServiceOutput,
  type RevokedPermission,
  revokePermission,
  stoppedWorkers,
  waitFor,
  waitForMessage,
} from '@conveyor/service-testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { getOrder, postCheckout, testContext, validRequest } from './support/checkoutApi.ts';
import { holdRequests, holdStatus, releaseHeldRequests } from './support/faults.ts';

const { clients, topicArn } = testContext();
const ORDERS_TABLE = 'conveyor-local-checkout-orders';
const STATUS_DLQ = 'conveyor-local-checkout-order-status-dlq.fifo';

const urlOf = async (queueName: string): Promise<string> => {
  const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  if (QueueUrl === undefined) throw new Error(`no URL for ${queueName}`);
  return QueueUrl;
};

const placeOrder = async (): Promise<string> => {
  const response = await postCheckout(validRequest());
  expect(response.status).toBe(201);
  return (response.json as { orderId: string }).orderId;
};

const reserved = (orderId: string): InventoryReservedV1 =>
  buildEvent({
    eventType: 'inventory.reserved',
    version: 1,
    aggregateId: orderId,
    data: exampleEventData['inventory.reserved'](),
  });

const publish = async (event: InventoryReservedV1): Promise<void> => {
  await clients.sns.send(
    new PublishCommand({
      ...toPublishInput(topicArn('inventory-events.fifo'), event),
      MessageDeduplicationId: event.eventId,
    }),
  );
};

interface OrderView {
  readonly status: string;
  readonly timeline: readonly { status: string; eventId: string }[];
}

const orderOf = async (orderId: string): Promise<OrderView> =>
  (await getOrder(orderId)).json as unknown as OrderView;

const waitForStatus = (orderId: string, status: string): Promise<OrderView> =>
  waitFor(
    async () => {
      const order = await orderOf(orderId);
      return order.status === status ? order : undefined;
    },
    { description: `order ${orderId} ${status}` },
  );

const waitForDeadLetter = async (event: InventoryReservedV1) =>
  waitForMessage(
    clients,
    await urlOf(STATUS_DLQ),
    (message) => message.Body?.includes(event.eventId) === true,
    { description: `inventory.reserved of ${event.aggregateId} in the DLQ`, visibilityTimeout: 0 },
  );

// The structured lines about one event in a service's output.
const linesAbout = (output: string, eventId: string): Record<string, unknown>[] =>
  output.split('\n').flatMap((line) => {
    const start = line.indexOf('{"level"');
    if (start < 0) return [];
    const parsed = JSON.parse(line.slice(start)) as Record<string, unknown>;
    return parsed['eventId'] === eventId ? [parsed] : [];
  });

let revoked: RevokedPermission | undefined;

// Takes dynamodb:UpdateItem on the orders table out of onOrderProgress's role.
const refuseStatusWrites = () =>
  revokePermission(inject('cloudEndpoints').sqs, {
    service: 'conveyor-checkout',
    functionKey: 'onOrderProgress',
    action: 'dynamodb:UpdateItem',
    resourceContains: ORDERS_TABLE,
  });

afterEach(async () => {
  await revoked?.restore();
  revoked = undefined;
  await releaseHeldRequests();
});

describe('onOrderProgress under faults', () => {
  it('refused dynamodb:UpdateItem: dead-letters the record after 3 receives, logs the missing action and resource, and affects nothing else', async () => {
    // Prepare
    const orderId = await placeOrder();
    const event = reserved(orderId);
    const output = await markServiceOutput(inject('checkoutOutputUrl'));
    revoked = await refuseStatusWrites();

    // Act
    await publish(event);
    const denial = await revoked.waitForDenial();
    const dead = await waitForDeadLetter(event);
    const placedMeanwhile = await placeOrder();
    const whileRefused = await orderOf(orderId);
    await revoked.restore();
    const next = reserved(placedMeanwhile);
    await publish(next);

    // Assess
    expect(denial).toMatchObject({
      action: 'dynamodb:UpdateItem',
      resource: expect.stringMatching(/:table\/conveyor-local-checkout-orders$/) as unknown,
      decision: 'ImplicitlyDenied',
    });
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(await output.since()).toContain(
      `is not authorized to perform: dynamodb:UpdateItem on resource: ${denial.resource}`,
    );
    expect(whileRefused.timeline.map((entry) => entry.status)).toEqual(['PLACED']);
    const confirmed = await waitForStatus(placedMeanwhile, 'CONFIRMED');
    expect(confirmed.timeline.map((entry) => entry.eventId)).toContain(next.eventId);
  });

  it('refused once, then allowed: retried after its visibility timeout, and the order moves once', async () => {
    // Prepare
    const orderId = await placeOrder();
    const event = reserved(orderId);
    const output = await markServiceOutput(inject('checkoutOutputUrl'));
    revoked = await refuseStatusWrites();

    // Act
    await publish(event);
    await revoked.waitForDenial();
    const failed = await waitFor(
      async () => {
        const lines = linesAbout(await output.since(), event.eventId).filter(
          (line) => line['message'] === 'Event failed: it will be retried',
        );
        return lines.length > 0 ? lines : undefined;
      },
      { description: `the refused attempt at ${event.eventId} logged` },
    );
    await revoked.restore();
    const handled = await waitFor(
      async () => {
        const lines = linesAbout(await output.since(), event.eventId).filter(
          (line) => line['message'] === 'Event handled',
        );
        return lines.length > 0 ? lines : undefined;
      },
      { description: `the retry of ${event.eventId} handled` },
    );
    const confirmed = await orderOf(orderId);

    // Assess
    expect(failed.map((line) => line['receiveCount'])).toEqual([1]);
    expect(handled.map((line) => line['receiveCount'])).toEqual([2]);
    expect(confirmed.timeline.map((entry) => entry.status)).toEqual(['PLACED', 'CONFIRMED']);
    expect(confirmed.timeline.at(-1)?.eventId).toBe(event.eventId);
  });

  it('past its timeout: stopped, retried, dead-lettered after 3 receives, and the order moves once', async () => {
    // Prepare
    const orderId = await placeOrder();
    const event = reserved(orderId);
    const output = await markServiceOutput(inject('checkoutOutputUrl'));
    await holdRequests({
      upstream: 'dynamodb',
      contains: ['DynamoDB_20120810.UpdateItem', ORDERS_TABLE, orderId],
      count: 3,
    });

    // Act
    await publish(event);
    const dead = await waitForDeadLetter(event);
    const held = await holdStatus();
    const beforeRelease = await orderOf(orderId);
    await releaseHeldRequests();
    await waitFor(async () => ((await holdStatus()).answered >= 3 ? true : undefined), {
      description: 'the three held status changes answered',
    });

    // Assess
    expect(Number(dead.Attributes?.['ApproximateReceiveCount'])).toBeGreaterThanOrEqual(3);
    expect(held.held).toBe(3);
    expect(beforeRelease.timeline.map((entry) => entry.status)).toEqual(['PLACED']);
    expect(stoppedWorkers(await output.since(), 'onOrderProgress')).toBeGreaterThanOrEqual(3);
    // The three writes land late, as writes already on the wire would; the status condition lets
    // only the first change the order.
    const after = await waitForStatus(orderId, 'CONFIRMED');
    expect(after.timeline.map((entry) => entry.status)).toEqual(['PLACED', 'CONFIRMED']);
  });
});
