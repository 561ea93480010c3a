// list, peek, redrive and purge against a real local cloud (fauxqs), with the queues and
// redrive policies of the topology, in memory and persistent: peek and the redrive policy take
// other code paths in fauxqs when it persists, and `npm start` persists by default.
import { randomUUID } from 'node:crypto';
import { PurgeQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { testCloudStorages } from '@conveyor/service-testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterQueues, findDeadLetterQueue } from '../src/deadLetterQueues.ts';
import { MoveTaskUnsupportedError, PurgeRefusedError } from '../src/errors.ts';
import { formatDeadLetterQueueList, listDeadLetterQueues } from '../src/listDeadLetterQueues.ts';
import { formatPeekResult, peekDeadLetterQueue } from '../src/peekDeadLetterQueue.ts';
import { purgeDeadLetterQueue } from '../src/purgeDeadLetterQueue.ts';
import {
  formatRedriveResult,
  redriveDeadLetterQueue,
  redriveDeduplicationId,
} from '../src/redriveDeadLetterQueue.ts';
import {
  type DlqTestCloud,
  failUntilDeadLettered,
  maxReceiveCount,
  queueDepth,
  receiveAll,
  sendToSource,
  startDlqTestCloud,
} from './support/dlqTestCloud.ts';

const orderPlaced = (orderId: string) =>
  buildEvent({
    eventType: 'order.placed',
    version: 1,
    aggregateId: orderId,
    data: exampleEventData['order.placed'](),
  });

const noPrompt = {
  yes: false,
  interactive: false,
  ask: () => Promise.reject(new Error('no prompt expected')),
};

describe.each(testCloudStorages)('on a %s local cloud', (storage) => {
  let cloud: DlqTestCloud;

  beforeAll(async () => {
    cloud = await startDlqTestCloud({ storage });
  });

  afterAll(async () => {
    await cloud.stop();
  });

  afterEach(async () => {
    for (const row of await listDeadLetterQueues(cloud.connection)) {
      const urls = cloud.urls(row.queue);
      await cloud.sqs.send(new PurgeQueueCommand({ QueueUrl: urls.dlq }));
      await cloud.sqs.send(new PurgeQueueCommand({ QueueUrl: urls.source }));
    }
  });

  describe('list', () => {
    it('shows every DLQ of the topology with its depth, in-flight messages included', async () => {
      // Prepare
      const inventory = findDeadLetterQueue('local', 'inventory-orders');
      const marketing = findDeadLetterQueue('local', 'marketing-audience');
      for (const orderId of ['ord-list-1', 'ord-list-2']) {
        await sendToSource(cloud.sqs, inventory, cloud.urls(inventory).source, {
          body: JSON.stringify(orderPlaced(orderId)),
          groupId: orderId,
        });
      }
      await sendToSource(cloud.sqs, marketing, cloud.urls(marketing).source, { body: '{}' });
      await failUntilDeadLettered(cloud, inventory, 2);
      await failUntilDeadLettered(cloud, marketing, 1);
      // Someone else is looking at marketing's: still in the DLQ, but not visible.
      await receiveAll(cloud.sqs, cloud.urls(marketing).dlq);

      // Act
      const rows = await listDeadLetterQueues(cloud.connection);
      const text = formatDeadLetterQueueList(cloud.connection, rows);

      // Assess
      const depths = Object.fromEntries(rows.map((row) => [row.queue.name, row.state]));
      expect(Object.keys(depths).sort()).toEqual(
        deadLetterQueues('local')
          .map((queue) => queue.name)
          .sort(),
      );
      expect(depths['conveyor-local-analytics-order-flow-dlq']?.depth).toBe(0);
      expect(depths['conveyor-local-inventory-shipments-dlq.fifo']?.depth).toBe(0);
      expect(depths['conveyor-local-marketing-audience-delivery-dlq.fifo']?.depth).toBe(0);
      expect(depths['conveyor-local-inventory-orders-dlq.fifo']).toEqual({
        visible: 2,
        inFlight: 0,
        depth: 2,
      });
      expect(depths['conveyor-local-marketing-audience-dlq']).toEqual({
        visible: 0,
        inFlight: 1,
        depth: 1,
      });
      expect(depths['conveyor-local-email-notifications-dlq.fifo']?.depth).toBe(0);
      expect(text).toMatch(/conveyor-local-inventory-orders-dlq\.fifo\s+inventory\s+2\s+2\s+0/);
      expect(text).toContain('3 messages in DLQs');
    });
  });

  describe('peek', () => {
    it('shows receive count, first receipt, eventType, eventId and correlationId without consuming', async () => {
      // Prepare
      const queue = findDeadLetterQueue('local', 'inventory-orders');
      const event = orderPlaced('ord-peek-1');
      await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, {
        body: JSON.stringify(event),
        groupId: event.aggregateId,
        deduplicationId: event.eventId,
      });
      await failUntilDeadLettered(cloud, queue, 1);

      // Act
      const first = await peekDeadLetterQueue(cloud.connection, queue);
      const second = await peekDeadLetterQueue(cloud.connection, queue);

      // Assess
      const [message] = first.messages;
      expect(first.messages).toHaveLength(1);
      expect(message?.envelope).toEqual({
        valid: true,
        eventType: 'order.placed',
        version: 1,
        eventId: event.eventId,
        correlationId: event.metadata.correlationId,
        aggregateId: 'ord-peek-1',
      });
      expect(message?.messageGroupId).toBe('ord-peek-1');
      expect(message?.firstReceivedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      // Still there and visible, and each peek counted as one more receive.
      expect(await queueDepth(cloud.sqs, cloud.urls(queue).dlq)).toBe(1);
      expect(second.messages[0]?.messageId).toBe(message?.messageId);
      expect(second.messages[0]?.receiveCount).toBe((message?.receiveCount ?? 0) + 1);
      expect(message?.receiveCount).toBeGreaterThan(maxReceiveCount);
      const text = formatPeekResult(first);
      expect(text).toContain(`eventId ${event.eventId}`);
      expect(text).toContain(`correlationId ${event.metadata.correlationId}`);
      expect(text).toContain('receive count went up by 1');
      expect(text).not.toContain('customer');
    });

    it('shows the validation problem of an invalid message, and what of its envelope it has', async () => {
      // Prepare
      const queue = findDeadLetterQueue('local', 'email-notifications-dlq.fifo');
      const event = orderPlaced('ord-peek-2');
      const broken = { ...event, data: { ...event.data, currency: 42 } };
      await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, {
        body: JSON.stringify(broken),
      });
      await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, {
        body: 'not json',
        groupId: 'group-2',
      });
      await failUntilDeadLettered(cloud, queue, 2);

      // Act
      const result = await peekDeadLetterQueue(cloud.connection, queue);

      // Assess
      const envelopes = result.messages.map((message) => message.envelope);
      expect(envelopes).toContainEqual(
        expect.objectContaining({
          valid: false,
          eventType: 'order.placed',
          eventId: event.eventId,
          correlationId: event.metadata.correlationId,
          aggregateId: event.aggregateId,
          problems: [expect.objectContaining({ path: '$.data.currency' })],
        }),
      );
      expect(envelopes).toContainEqual(
        expect.objectContaining({
          valid: false,
          problems: [expect.objectContaining({ code: 'invalid_json' })],
        }),
      );
      expect(formatPeekResult(result)).toContain('$.data.currency');
      expect(formatPeekResult(result)).toContain(`aggregateId ${event.aggregateId}`);
      expect(await queueDepth(cloud.sqs, cloud.urls(queue).dlq)).toBe(2);
    });
  });

  describe('redrive', () => {
    it('moves FIFO messages back to the source queue in order, with their group and a fresh deduplication id', async () => {
      // Prepare: the original deduplication id is the eventId, as the publishers set it. The
      // source queue saw it less than 5 minutes ago, so resending with it would be dropped.
      const queue = findDeadLetterQueue('local', 'conveyor-local-shipping-requests-dlq.fifo');
      const events = [orderPlaced('ord-a'), orderPlaced('ord-a'), orderPlaced('ord-b')];
      for (const event of events) {
        await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, {
          body: JSON.stringify(event),
          groupId: event.aggregateId,
          deduplicationId: event.eventId,
          attributes: { eventType: event.eventType, correlationId: event.metadata.correlationId },
        });
      }
      await failUntilDeadLettered(cloud, queue, 3);

      // Act
      const result = await redriveDeadLetterQueue(cloud.connection, queue);

      // Assess
      expect(result).toMatchObject({ method: 'manual', moved: 3, remaining: 0 });
      expect(result.notes.join(' ')).toContain('no StartMessageMoveTask');
      const back = await receiveAll(cloud.sqs, cloud.urls(queue).source);
      expect(back.map((message) => message.Body)).toEqual(
        events.map((event) => JSON.stringify(event)),
      );
      for (const [index, message] of back.entries()) {
        const event = events[index]!;
        const dlqMessageId = result.messages[index]?.dlqMessageId ?? '';
        expect(message.Attributes?.MessageGroupId).toBe(event.aggregateId);
        expect(message.Attributes?.MessageDeduplicationId).toBe(
          redriveDeduplicationId(dlqMessageId),
        );
        expect(message.Attributes?.MessageDeduplicationId).not.toBe(event.eventId);
        // A new message: its receive count starts again, so it gets all its retries.
        expect(message.Attributes?.ApproximateReceiveCount).toBe('1');
        expect(message.MessageAttributes?.eventType?.StringValue).toBe('order.placed');
        expect(message.MessageAttributes?.correlationId?.StringValue).toBe(
          event.metadata.correlationId,
        );
      }
      expect(await queueDepth(cloud.sqs, cloud.urls(queue).dlq)).toBe(0);
      expect(formatRedriveResult(result)).toContain('Moved 3 message(s)');
    });

    it('keeps a poison in its FIFO DLQ, at the back of its group, and moves the events that followed it there', async () => {
      // Prepare: a poison first in its group; a valid event of the same group behind it used up
      // its receives waiting (FIFO order), and went to the DLQ with it. Another group too.
      const queue = findDeadLetterQueue('local', 'email-notifications');
      const follower = orderPlaced('ord-keep');
      const other = orderPlaced('ord-other');
      const poisonBody = 'not json: poison first in its group';
      await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, {
        body: poisonBody,
        groupId: 'ord-keep',
      });
      for (const event of [follower, other]) {
        await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, {
          body: JSON.stringify(event),
          groupId: event.aggregateId,
          deduplicationId: event.eventId,
        });
      }
      await failUntilDeadLettered(cloud, queue, 3);
      const peeked = await peekDeadLetterQueue(cloud.connection, queue);
      const poisonId = peeked.messages.find((message) => message.body === poisonBody)?.messageId;
      if (poisonId === undefined) throw new Error('the poison is not in the DLQ');

      // Act
      const result = await redriveDeadLetterQueue(cloud.connection, queue, { keep: [poisonId] });

      // Assess
      expect(result).toMatchObject({ method: 'manual', moved: 2, remaining: 1 });
      expect(result.kept).toEqual([
        { dlqMessageId: poisonId, messageId: expect.not.stringMatching(poisonId) as unknown },
      ]);
      const back = await receiveAll(cloud.sqs, cloud.urls(queue).source);
      expect(back.map((message) => message.Body).sort()).toEqual(
        [follower, other].map((event) => JSON.stringify(event)).sort(),
      );
      const left = await receiveAll(cloud.sqs, cloud.urls(queue).dlq);
      expect(left.map((message) => [message.MessageId, message.Body])).toEqual([
        [result.kept[0]?.messageId, poisonBody],
      ]);
      expect(left[0]?.Attributes?.MessageGroupId).toBe('ord-keep');
      expect(formatRedriveResult(result)).toContain(
        `kept ${poisonId} in ${queue.name}, now ${result.kept[0]?.messageId ?? '?'} at the back of its group`,
      );
    });

    it("keeps a message past its FIFO group's first 10, which no peek can reach before they move", async () => {
      // Prepare: 12 messages of one group, the last a poison, all dead-lettered. A message keeps
      // its id into the local cloud's DLQ, as the consumer's failure lines name it.
      const queue = findDeadLetterQueue('local', 'inventory-orders');
      const bodies = Array.from({ length: 11 }, (_, index) =>
        JSON.stringify(orderPlaced(`ord-long-${String(index)}`)),
      );
      const ids: string[] = [];
      for (const body of [...bodies, 'poison at the end of a long group']) {
        ids.push(
          await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, {
            body,
            groupId: 'g-long',
          }),
        );
      }
      await failUntilDeadLettered(cloud, queue, 12);
      const peeked = await peekDeadLetterQueue(cloud.connection, queue, { max: 20 });
      const poisonId = ids.at(-1) ?? '';

      // Act
      const result = await redriveDeadLetterQueue(cloud.connection, queue, { keep: [poisonId] });

      // Assess
      expect(peeked.messages).toHaveLength(10);
      expect(peeked.notAllReached).toBe(true);
      expect(formatPeekResult(peeked)).toContain('2 message(s) could not be reached');
      expect(result).toMatchObject({ moved: 11, remaining: 1 });
      expect(result.kept.map((message) => message.dlqMessageId)).toEqual([poisonId]);
      const back = await receiveAll(cloud.sqs, cloud.urls(queue).source);
      expect(back.length).toBeGreaterThan(0);
      expect(back.map((message) => message.Body)).toEqual(bodies.slice(0, back.length));
      expect(result.notes.join(' ')).not.toContain('never met');
    });

    it('keeps a message of a standard DLQ where it is, and moves the others', async () => {
      // Prepare
      const queue = findDeadLetterQueue('local', 'marketingAudience');
      const bodies = ['ord-std-keep-1', 'ord-std-keep-2'].map((id) =>
        JSON.stringify(orderPlaced(id)),
      );
      for (const body of bodies)
        await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, { body });
      await failUntilDeadLettered(cloud, queue, 2);
      const peeked = await peekDeadLetterQueue(cloud.connection, queue);
      const keptId = peeked.messages.find((message) => message.body === bodies[0])?.messageId;
      if (keptId === undefined) throw new Error('the message is not in the DLQ');

      // Act
      const result = await redriveDeadLetterQueue(cloud.connection, queue, { keep: [keptId] });

      // Assess
      expect(result).toMatchObject({
        moved: 1,
        remaining: 1,
        kept: [{ dlqMessageId: keptId, messageId: keptId }],
      });
      expect((await receiveAll(cloud.sqs, cloud.urls(queue).source)).map((m) => m.Body)).toEqual([
        bodies[1],
      ]);
      expect((await receiveAll(cloud.sqs, cloud.urls(queue).dlq)).map((m) => m.MessageId)).toEqual([
        keptId,
      ]);
    });

    it('refuses to keep an id the DLQ does not hold, and moves nothing', async () => {
      // Prepare
      const queue = findDeadLetterQueue('local', 'inventory-orders');
      const event = orderPlaced('ord-keep-typo');
      await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, {
        body: JSON.stringify(event),
        groupId: event.aggregateId,
      });
      await failUntilDeadLettered(cloud, queue, 1);

      // Act
      const redrive = redriveDeadLetterQueue(cloud.connection, queue, { keep: ['no-such-id'] });

      // Assess
      await expect(redrive).rejects.toThrow(
        `${queue.name} holds no message no-such-id; nothing was moved.`,
      );
      expect(await queueDepth(cloud.sqs, cloud.urls(queue).dlq)).toBe(1);
      expect(await queueDepth(cloud.sqs, cloud.urls(queue).source)).toBe(0);
    });

    it('moves standard-queue messages and stops at --max', async () => {
      // Prepare
      const queue = findDeadLetterQueue('local', 'marketingAudience');
      for (const index of [1, 2, 3]) {
        await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, {
          body: JSON.stringify(orderPlaced(`ord-std-${index}`)),
        });
      }
      await failUntilDeadLettered(cloud, queue, 3);

      // Act
      const result = await redriveDeadLetterQueue(cloud.connection, queue, { max: 2 });

      // Assess
      expect(result).toMatchObject({ method: 'manual', moved: 2, remaining: 1 });
      expect(await queueDepth(cloud.sqs, cloud.urls(queue).source)).toBe(2);
      expect(result.messages.map((message) => message.messageGroupId)).toEqual([
        undefined,
        undefined,
      ]);
    });

    it('says that --rate and --no-wait did nothing when the messages were moved one at a time', async () => {
      // Prepare
      const queue = findDeadLetterQueue('local', 'inventory-shipments');
      const event = orderPlaced('ord-rate-1');
      await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, {
        body: JSON.stringify(event),
        groupId: event.aggregateId,
        deduplicationId: event.eventId,
      });
      await failUntilDeadLettered(cloud, queue, 1);

      // Act
      const result = await redriveDeadLetterQueue(cloud.connection, queue, {
        ratePerSecond: 5,
        wait: false,
      });

      // Assess
      expect(result).toMatchObject({ method: 'manual', moved: 1, remaining: 0 });
      expect(result.notes).toContain(
        '--rate and --no-wait apply to a move task only: the messages were moved one at a time, and the command waited for the last.',
      );
      expect(formatRedriveResult(result)).toContain(
        '--rate and --no-wait apply to a move task only',
      );
    });

    it("moves what SNS could not deliver from marketing's FIFO delivery DLQ to its standard queue", async () => {
      // Prepare: SNS dead-letters a delivery it gave up on, with the FIFO topic's group and
      // deduplication ids, into the subscription's FIFO DLQ.
      const queue = findDeadLetterQueue('local', 'marketing-audience-delivery-dlq');
      const event = orderPlaced('ord-delivery-1');
      await cloud.sqs.send(
        new SendMessageCommand({
          QueueUrl: cloud.urls(queue).dlq,
          MessageBody: JSON.stringify(event),
          MessageGroupId: event.aggregateId,
          MessageDeduplicationId: event.eventId,
          MessageAttributes: { eventType: { DataType: 'String', StringValue: event.eventType } },
        }),
      );

      // Act
      const result = await redriveDeadLetterQueue(cloud.connection, queue);

      // Assess
      expect(result).toMatchObject({ method: 'manual', moved: 1, remaining: 0 });
      expect(result.notes.join(' ')).toContain('deliveries SNS gave up on');
      const [back, ...more] = await receiveAll(cloud.sqs, cloud.urls(queue).source);
      expect(more).toEqual([]);
      expect(back?.Body).toBe(JSON.stringify(event));
      expect(back?.Attributes?.MessageGroupId).toBeUndefined();
      expect(back?.MessageAttributes?.eventType?.StringValue).toBe('order.placed');
    });

    it('says which messages another reader holds, out of its reach, and what to do', async () => {
      // Prepare: two in marketing's DLQ, one of them received by another reader (a peek, or a
      // redrive killed before it deleted it) and hidden for a minute.
      const queue = findDeadLetterQueue('local', 'marketing-audience');
      for (const orderId of ['ord-held-1', 'ord-held-2']) {
        await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, {
          body: JSON.stringify(orderPlaced(orderId)),
        });
      }
      await failUntilDeadLettered(cloud, queue, 2);
      const { Messages: held = [] } = await cloud.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: cloud.urls(queue).dlq,
          MaxNumberOfMessages: 1,
          VisibilityTimeout: 60,
        }),
      );
      expect(held).toHaveLength(1);

      // Act
      const result = await redriveDeadLetterQueue(cloud.connection, queue);

      // Assess
      expect(result).toMatchObject({
        method: 'manual',
        moved: 1,
        remaining: 1,
        remainingInFlight: 1,
      });
      expect(formatRedriveResult(result).split('\n').slice(-2)).toEqual([
        `${queue.name} still holds about 1 message(s).`,
        '  About 1 of them in flight: another reader holds them, so this redrive could not receive them (a peek, for up to 30 s; a redrive stopped or still running, for up to 60 s). Run the redrive again once they are visible: `list` shows them as in flight until then.',
      ]);
    });

    it.each(['marketing-audience-delivery-dlq', 'checkout-order-status'])(
      'says there was nothing to redrive when %s is empty, and claims no move',
      async (name) => {
        // Prepare
        const queue = findDeadLetterQueue('local', name);

        // Act
        const result = await redriveDeadLetterQueue(cloud.connection, queue);

        // Assess
        expect(result).toMatchObject({ method: 'manual', moved: 0, remaining: 0, notes: [] });
        const text = formatRedriveResult(result);
        expect(text).toBe(
          `Nothing to redrive: no message was moved from ${queue.name}.\n${queue.name} is empty.`,
        );
      },
    );

    it('refuses a move task for a delivery DLQ, whose messages SNS sent', async () => {
      // Prepare
      const queue = findDeadLetterQueue('local', 'marketing-audience-delivery-dlq.fifo');

      // Act
      const act = redriveDeadLetterQueue(cloud.connection, queue, { method: 'move-task' });

      // Assess
      await expect(act).rejects.toThrow(/use --method manual/);
    });

    it('says so when asked for a move task where SQS has none (fauxqs), and moves nothing', async () => {
      // Prepare
      const queue = findDeadLetterQueue('local', 'checkout-order-status');
      await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, { body: '{}' });
      await failUntilDeadLettered(cloud, queue, 1);

      // Act
      const act = redriveDeadLetterQueue(cloud.connection, queue, { method: 'move-task' });

      // Assess
      await expect(act).rejects.toBeInstanceOf(MoveTaskUnsupportedError);
      await expect(act).rejects.toThrow(/does not support StartMessageMoveTask/);
      expect(await queueDepth(cloud.sqs, cloud.urls(queue).dlq)).toBe(1);
    });
  });

  describe('purge', () => {
    it('deletes every message once confirmed by typing the queue name', async () => {
      // Prepare
      const queue = findDeadLetterQueue('local', 'inventory-orders');
      await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, { body: '{}' });
      await failUntilDeadLettered(cloud, queue, 1);
      const questions: string[] = [];

      // Act
      const result = await purgeDeadLetterQueue(cloud.connection, queue, {
        yes: false,
        interactive: true,
        ask: (question) => {
          questions.push(question);
          return Promise.resolve(`${queue.name}\n`);
        },
      });

      // Assess
      expect(result.purged).toBe(1);
      expect(questions[0]).toContain(queue.name);
      expect(await queueDepth(cloud.sqs, cloud.urls(queue).dlq)).toBe(0);
    });

    it('keeps the messages when the typed name is wrong, or without a terminal and --yes', async () => {
      // Prepare
      const queue = findDeadLetterQueue('local', 'inventory-orders');
      await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, { body: '{}' });
      await failUntilDeadLettered(cloud, queue, 1);

      // Act
      const typo = purgeDeadLetterQueue(cloud.connection, queue, {
        yes: false,
        interactive: true,
        ask: () => Promise.resolve('inventory-orders'),
      });
      const noTerminal = purgeDeadLetterQueue(cloud.connection, queue, noPrompt);

      // Assess
      await expect(typo).rejects.toBeInstanceOf(PurgeRefusedError);
      await expect(noTerminal).rejects.toThrow(/not a terminal. Pass --yes/);
      expect(await queueDepth(cloud.sqs, cloud.urls(queue).dlq)).toBe(1);
    });

    it('purges without asking with --yes', async () => {
      // Prepare
      const queue = findDeadLetterQueue('local', 'email-notifications');
      await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, {
        body: '{}',
        deduplicationId: randomUUID(),
      });
      await failUntilDeadLettered(cloud, queue, 1);

      // Act
      const result = await purgeDeadLetterQueue(cloud.connection, queue, {
        ...noPrompt,
        yes: true,
      });

      // Assess
      expect(result.purged).toBe(1);
      expect(await queueDepth(cloud.sqs, cloud.urls(queue).dlq)).toBe(0);
    });
  });
});
