// The order and its event are never lost: when publishing fails after the order is stored, the
// scheduled republisher sends the same event later. The failure is real: the topic is deleted.
import { randomUUID } from 'node:crypto';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  SetTopicAttributesCommand,
} from '@aws-sdk/client-sns';
import { invokeFunction, tapTopic, waitFor } from '@conveyor/service-testing';
import { describe, expect, inject, it } from 'vitest';
import { getOrder, postCheckout, testContext, validRequest } from './support/checkoutApi.ts';

const { clients, topicArn } = testContext();
const TOPIC = 'order-events.fifo';

const deleteTopic = async () => {
  // SNS refuses to delete a topic that keeps an archive (InvalidState): turn it off first.
  await clients.sns.send(
    new SetTopicAttributesCommand({
      TopicArn: topicArn(TOPIC),
      AttributeName: 'ArchivePolicy',
      AttributeValue: '{}',
    }),
  );
  await clients.sns.send(new DeleteTopicCommand({ TopicArn: topicArn(TOPIC) }));
};

describe('republishUnpublished', () => {
  it('publishes, unchanged, the order.placed whose first publish failed', async () => {
    // Prepare
    await deleteTopic();

    // Act
    const response = await postCheckout(validRequest());
    const { orderId } = response.json as { orderId: string };
    await clients.sns.send(
      new CreateTopicCommand({
        Name: `conveyor-local-${TOPIC}`,
        Attributes: { FifoTopic: 'true' },
      }),
    );
    const tap = await tapTopic(clients, `conveyor-local-${TOPIC}`);
    const result = (await invokeFunction(
      inject('checkoutLambdaPort'),
      'conveyor-checkout-local-republishUnpublished',
    )) as { orders: { republished: string[] } };

    // Assess
    expect(response.status).toBe(201);
    expect(result.orders.republished).toContain(orderId);
    const events = await waitFor(
      async () => {
        const drained = (await tap.drain()) as { aggregateId: string; eventId: string }[];
        return drained.length > 0 ? drained : undefined;
      },
      { description: 'the republished order.placed' },
    );
    expect(events.map((event) => event.aggregateId)).toEqual([orderId]);
    const order = await getOrder(orderId);
    expect((order.json.timeline as { eventId: string }[])[0]?.eventId).toBe(events[0]?.eventId);
    const again = (await invokeFunction(
      inject('checkoutLambdaPort'),
      'conveyor-checkout-local-republishUnpublished',
    )) as { orders: { republished: string[] } };
    expect(again.orders.republished).not.toContain(orderId);
  });

  it('republishes an order placed under an Idempotency-Key, and a retry with the key answers with it', async () => {
    // Prepare
    await deleteTopic();
    const headers = { 'content-type': 'application/json', 'idempotency-key': randomUUID() };
    const response = await postCheckout(validRequest(), headers);
    const { orderId } = response.json as { orderId: string };
    await clients.sns.send(
      new CreateTopicCommand({
        Name: `conveyor-local-${TOPIC}`,
        Attributes: { FifoTopic: 'true' },
      }),
    );
    const tap = await tapTopic(clients, `conveyor-local-${TOPIC}`);

    // Act
    const result = (await invokeFunction(
      inject('checkoutLambdaPort'),
      'conveyor-checkout-local-republishUnpublished',
    )) as { orders: { republished: string[] } };
    const retry = await postCheckout(validRequest(), headers);

    // Assess
    expect(response.status).toBe(201);
    expect(orderId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(result.orders.republished).toContain(orderId);
    const events = await waitFor(
      async () => {
        const drained = (await tap.drain()) as { aggregateId: string }[];
        return drained.length > 0 ? drained : undefined;
      },
      { description: 'the republished order.placed' },
    );
    expect(events.map((event) => event.aggregateId)).toEqual([orderId]);
    expect(retry.status).toBe(201);
    expect((retry.json as { orderId: string }).orderId).toBe(orderId);
    await tap.close();
  });
});
