// Long polls as SQS answers them (fauxqs patch): a poll answers when it has messages or its time
// is up, not when a rival poll took the message that woke them both.
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../src/index.ts';
import { type LocalClients, localClients } from './support/localClients.ts';

let cloud: LocalCloud;
let clients: LocalClients;

beforeAll(async () => {
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
  clients = localClients(cloud.endpoints);
}, 30_000);

afterAll(async () => {
  clients.destroy();
  await cloud.stop();
});

describe.each([
  ['a standard queue', false],
  ['a FIFO queue', true],
])('two long polls of %s', (_kind, fifo) => {
  it('leave the one the first message did not reach waiting for the next', async () => {
    // Prepare: two polls waiting on an empty queue.
    const { QueueUrl: queueUrl = '' } = await clients.sqs.send(
      new CreateQueueCommand({
        QueueName: `long-polls-${String(fifo)}${fifo ? '.fifo' : ''}`,
        Attributes: fifo ? { FifoQueue: 'true' } : {},
      }),
    );
    const send = (body: string) =>
      clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: body,
          ...(fifo ? { MessageGroupId: body, MessageDeduplicationId: body } : {}),
        }),
      );
    const poll = () =>
      clients.sqs
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
});
