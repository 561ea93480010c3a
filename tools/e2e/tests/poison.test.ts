// A poison message on each consumer's queue ends in that queue's DLQ, and orders keep flowing.
import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { topology } from '@conveyor/event-types';
import { waitForMessage } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import {
  clients,
  conveyor,
  dlqDepths,
  newCustomer,
  orderRequest,
  waitForStatus,
} from './support/flow.ts';

describe('poison messages', () => {
  it(
    "end in each consumer queue's DLQ while other orders still ship",
    { timeout: 240_000 },
    async () => {
      // Prepare
      const aws = clients();
      const api = conveyor();
      const poison = (queue: string) =>
        JSON.stringify({ eventType: 'order.placed', version: 1, poisonFor: queue });
      const queues = await Promise.all(
        Object.values(topology.queues).map(async (queue) => {
          const url = async (name: string) =>
            (await aws.sqs.send(new GetQueueUrlCommand({ QueueName: `conveyor-local-${name}` })))
              .QueueUrl ?? '';
          return {
            name: queue.name,
            fifo: queue.fifo,
            url: await url(queue.name),
            dlqUrl: await url(queue.dlqName),
          };
        }),
      );

      // Act
      for (const queue of queues) {
        await aws.sqs.send(
          new SendMessageCommand({
            QueueUrl: queue.url,
            MessageBody: poison(queue.name),
            ...(queue.fifo
              ? { MessageGroupId: `poison-${randomUUID()}`, MessageDeduplicationId: randomUUID() }
              : {}),
          }),
        );
      }
      const placed = await api.placeOrder(
        orderRequest(newCustomer('after-poison'), [{ sku: 'POSTER-A2', quantity: 1 }]),
      );

      // Assess
      await waitForStatus(placed.body.orderId, 'SHIPPED', 120_000);
      for (const queue of queues) {
        const dead = await waitForMessage(
          aws,
          queue.dlqUrl,
          (message) => message.Body === poison(queue.name),
          {
            description: `the poison message in ${queue.name}'s DLQ`,
            timeoutMs: 120_000,
            intervalMs: 1_000,
          },
        );
        expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(3);
        // Inspected: remove it, so later tests see empty DLQs.
        await aws.sqs.send(
          new DeleteMessageCommand({ QueueUrl: queue.dlqUrl, ReceiptHandle: dead.ReceiptHandle }),
        );
      }
      expect(Object.values(await dlqDepths()).every((depth) => depth === 0)).toBe(true);
      aws.destroy();
    },
  );
});
