// SNS and SQS take a FIFO MessageGroupId or MessageDeduplicationId of 1 to 128 ASCII letters,
// digits and punctuation only, and refuse any other (fauxqs patched to match: it took any string,
// so an id AWS refuses, such as a customer id with a space or an accented letter, worked locally).
import {
  CreateQueueCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { CreateTopicCommand, PublishBatchCommand, PublishCommand } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { inMemoryCloud } from './support/inMemoryCloud.ts';

const local = inMemoryCloud();
let names = 0;

const fifoQueue = async (): Promise<string> => {
  names += 1;
  const { QueueUrl = '' } = await local.clients.sqs.send(
    new CreateQueueCommand({
      QueueName: `fifo-ids-${String(names)}.fifo`,
      Attributes: { FifoQueue: 'true' },
    }),
  );
  return QueueUrl;
};

const fifoTopic = async (): Promise<string> => {
  names += 1;
  const { TopicArn = '' } = await local.clients.sns.send(
    new CreateTopicCommand({
      Name: `fifo-ids-${String(names)}.fifo`,
      Attributes: { FifoTopic: 'true' },
    }),
  );
  return TopicArn;
};

/**
 * The error's code and message, or 'sent' when the call was taken. The SDK names an SQS error
 * with its query-protocol prefix (`AWS.SimpleQueueService.`), which is left out.
 */
const outcome = async (call: Promise<unknown>): Promise<string> =>
  call.then(
    () => 'sent',
    (error: unknown) =>
      error instanceof Error
        ? `${error.name.replace(/^AWS\.SimpleQueueService\./, '')}: ${error.message}`
        : String(error),
  );

// Every character AWS allows, and 128 of them.
const punctuation = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const longest = `${punctuation}aZ09`.repeat(4).slice(0, 128);

const refused = [
  ['a space', 'Zoë Müller #1', 'MessageGroupId'],
  ['an accented letter', 'Zoë', 'MessageGroupId'],
  ['129 characters', 'a'.repeat(129), 'MessageGroupId'],
] as const;

describe('FIFO ids', () => {
  it.each(refused)('SQS SendMessage refuses a group id with %s', async (_label, groupId) => {
    // Prepare
    const queueUrl = await fifoQueue();

    // Act
    const result = await outcome(
      local.clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: 'x',
          MessageGroupId: groupId,
          MessageDeduplicationId: 'd1',
        }),
      ),
    );

    // Assess
    expect(result).toBe(
      `InvalidParameterValue: Value ${groupId} for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
    );
  });

  it('SQS takes every character AWS allows, 128 of them, and refuses a deduplication id with a space', async () => {
    // Prepare
    const queueUrl = await fifoQueue();
    const send = (groupId: string, deduplicationId: string) =>
      outcome(
        local.clients.sqs.send(
          new SendMessageCommand({
            QueueUrl: queueUrl,
            MessageBody: 'x',
            MessageGroupId: groupId,
            MessageDeduplicationId: deduplicationId,
          }),
        ),
      );

    // Act
    const taken = await send(longest, longest);
    const spaced = await send('g1', 'order 1');

    // Assess
    expect(taken).toBe('sent');
    expect(spaced).toMatch(/^InvalidParameterValue: .*parameter MessageDeduplicationId is invalid/);
  });

  it('SQS SendMessageBatch fails the entry with a refused id and sends the others', async () => {
    // Prepare
    const queueUrl = await fifoQueue();

    // Act
    const { Successful = [], Failed = [] } = await local.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: 'ok', MessageBody: 'x', MessageGroupId: 'g1', MessageDeduplicationId: 'd1' },
          { Id: 'bad', MessageBody: 'y', MessageGroupId: 'g 1', MessageDeduplicationId: 'd2' },
        ],
      }),
    );

    // Assess
    expect(Successful.map(({ Id }) => Id)).toEqual(['ok']);
    expect(Failed.map(({ Id, Code, SenderFault }) => ({ Id, Code, SenderFault }))).toEqual([
      { Id: 'bad', Code: 'InvalidParameterValue', SenderFault: true },
    ]);
  });

  it.each(refused)('SNS Publish refuses a group id with %s', async (_label, groupId, parameter) => {
    // Prepare
    const topicArn = await fifoTopic();

    // Act
    const result = await outcome(
      local.clients.sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: 'x',
          MessageGroupId: groupId,
          MessageDeduplicationId: 'd1',
        }),
      ),
    );

    // Assess
    expect(result).toMatch(
      new RegExp(
        `^InvalidParameter(Exception)?: Invalid parameter: .*parameter ${parameter} is invalid`,
      ),
    );
  });

  it('SNS PublishBatch fails the entry with a refused id and publishes the others', async () => {
    // Prepare
    const topicArn = await fifoTopic();

    // Act
    const { Successful = [], Failed = [] } = await local.clients.sns.send(
      new PublishBatchCommand({
        TopicArn: topicArn,
        PublishBatchRequestEntries: [
          { Id: 'ok', Message: 'x', MessageGroupId: 'g1', MessageDeduplicationId: 'd1' },
          { Id: 'bad', Message: 'y', MessageGroupId: 'g1', MessageDeduplicationId: 'd <2>' },
        ],
      }),
    );

    // Assess
    expect(Successful.map(({ Id }) => Id)).toEqual(['ok']);
    expect(Failed.map(({ Id, Code, SenderFault }) => ({ Id, Code, SenderFault }))).toEqual([
      { Id: 'bad', Code: 'InvalidParameter', SenderFault: true },
    ]);
    expect(Failed[0]?.Message).toContain('parameter MessageDeduplicationId is invalid');
  });
});
