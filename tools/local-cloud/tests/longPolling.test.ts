// Long polls as SQS answers them (fauxqs patch): a poll answers when it has messages or its time
// is up, not when a rival poll took the message that woke them both. A waiting poll also gets a
// message that comes back by time alone (its visibility timeout or its delay ran out): the patch
// arms fauxqs's timer only while such a message exists, so an idle queue's poll costs no timer.
import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, it } from 'vitest';
import { inMemoryCloud } from './support/inMemoryCloud.ts';

const local = inMemoryCloud();

describe.concurrent.each([
  ['a standard queue', false],
  ['a FIFO queue', true],
])('two long polls of %s', (_kind, fifo) => {
  it('leave the one the first message did not reach waiting for the next', async ({ expect }) => {
    // Prepare: two polls waiting on an empty queue.
    const queueUrl = await createQueue(`long-polls-${String(fifo)}`, fifo);
    const send = (body: string) => sendTo(queueUrl, body, fifo);
    const poll = () =>
      local.clients.sqs
        .send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }))
        .then(({ Messages = [] }) => Messages.map((message) => message.Body));
    const polls = [poll(), poll()];

    // Act: one message, then, once a poll has answered, another.
    await send('first');
    const first = await Promise.race(polls.map((answer, index) => answer.then(() => index)));
    await send('second');
    const answers = await Promise.all(polls);

    // Assess: the poll that answered has the first; the other waited on and has the second.
    expect(answers[first]).toEqual(['first']);
    expect(answers[1 - first]).toEqual(['second']);
  });

  it('hand the one still waiting a message whose visibility timeout ran out in the other', async ({
    expect,
  }) => {
    // Prepare: two polls waiting on an empty queue; each hides what it gets for 1 s.
    const queueUrl = await createQueue(`comes-back-${String(fifo)}`, fifo);
    const poll = () =>
      local.clients.sqs
        .send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            WaitTimeSeconds: 20,
            VisibilityTimeout: 1,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
        )
        .then(({ Messages = [] }) =>
          Messages.map((message) => [message.Body, message.Attributes?.ApproximateReceiveCount]),
        );
    const polls = [poll(), poll()];
    const emptyQueueUrl = await createQueue(`empty-${randomUUID()}`, fifo);

    // Act: one message, never deleted; then a 10 s poll of an empty queue.
    await sendTo(queueUrl, 'once', fifo);
    const answered = inOrder(polls, pollFor10Seconds(emptyQueueUrl));
    const answers = await Promise.all(polls);

    // Assess: one poll had it first; the other, still waiting, got it when it came back, not
    // when its own wait ended (after a 10 s wait on an empty queue had answered).
    expect(answers).toEqual(expect.arrayContaining([[['once', '1']], [['once', '2']]]));
    expect(await answered).toEqual(['poll', 'poll', 'empty queue']);
  });

  it('hands a waiting poll a message once its delay is over', async ({ expect }) => {
    // Prepare: a queue that delays every message 1 s, and a poll waiting on it.
    const queueUrl = await createQueue(`delayed-${String(fifo)}`, fifo, { DelaySeconds: '1' });
    const polled = local.clients.sqs
      .send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }))
      .then(({ Messages = [] }) => Messages.map((message) => message.Body));
    const emptyQueueUrl = await createQueue(`empty-${randomUUID()}`, fifo);

    // Act: the message; then a 10 s poll of an empty queue.
    await sendTo(queueUrl, 'later', fifo);
    const answered = inOrder([polled], pollFor10Seconds(emptyQueueUrl));

    // Assess: the poll got it once the delay was over, not when its own wait ended.
    expect(await polled).toEqual(['later']);
    expect(await answered).toEqual(['poll', 'empty queue']);
  });
});

const createQueue = async (
  name: string,
  fifo: boolean,
  attributes: Record<string, string> = {},
): Promise<string> => {
  const { QueueUrl: queueUrl = '' } = await local.clients.sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}${fifo ? '.fifo' : ''}`,
      Attributes: { ...attributes, ...(fifo ? { FifoQueue: 'true' } : {}) },
    }),
  );
  return queueUrl;
};

const sendTo = (queueUrl: string, body: string, fifo: boolean) =>
  local.clients.sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: body,
      ...(fifo ? { MessageGroupId: body, MessageDeduplicationId: body } : {}),
    }),
  );

// What a poll that is not woken would outlast: started after the send, so a slow client delays
// only this reference, never the message's return.
const pollFor10Seconds = (emptyQueueUrl: string): Promise<unknown> =>
  local.clients.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: emptyQueueUrl, WaitTimeSeconds: 10 }),
  );

const inOrder = async (polls: readonly Promise<unknown>[], emptyQueue: Promise<unknown>) => {
  const order: string[] = [];
  await Promise.all([
    ...polls.map((answer) => answer.then(() => order.push('poll'))),
    emptyQueue.then(() => order.push('empty queue')),
  ]);
  return order;
};
