import { createHash } from 'node:crypto';
import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import {
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
} from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from './awsClients.ts';
import { waitFor, type WaitForOptions } from './waitFor.ts';

/** An SNS subscription that delivers to a queue. */
export interface QueueSubscription {
  readonly topicArn: string;
  readonly subscriptionArn: string;
}

// Bounded: a local cloud with more than 10,000 topics or subscriptions per topic is not a test's.
const maxPages = 100;

const queueArnOf = async (clients: Pick<AwsClients, 'sqs'>, queueName: string): Promise<string> => {
  const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const arn = Attributes?.QueueArn;
  if (arn === undefined) throw new Error(`Queue ${queueName} has no QueueArn`);
  return arn;
};

const topicArns = async (clients: Pick<AwsClients, 'sns'>): Promise<string[]> => {
  const arns: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const result = await clients.sns.send(
      new ListTopicsCommand(nextToken === undefined ? {} : { NextToken: nextToken }),
    );
    for (const { TopicArn } of result.Topics ?? []) if (TopicArn !== undefined) arns.push(TopicArn);
    nextToken = result.NextToken;
    if (nextToken === undefined || nextToken === '') break;
  }
  return arns;
};

/**
 * Every SNS subscription delivering to the queue `queueName` (its `Endpoint` is the queue's ARN),
 * found through `ListTopics` and `ListSubscriptionsByTopic`, as an operator would.
 *
 * @example
 * ```ts
 * const subscriptions = await queueSubscriptions(clients, 'conveyor-local-email-notifications.fifo');
 * ```
 */
export const queueSubscriptions = async (
  clients: Pick<AwsClients, 'sns' | 'sqs'>,
  queueName: string,
): Promise<QueueSubscription[]> => {
  const queueArn = await queueArnOf(clients, queueName);
  const found: QueueSubscription[] = [];
  for (const topicArn of await topicArns(clients)) {
    let nextToken: string | undefined;
    for (let page = 0; page < maxPages; page += 1) {
      const result = await clients.sns.send(
        new ListSubscriptionsByTopicCommand({
          TopicArn: topicArn,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
      for (const { SubscriptionArn, Protocol, Endpoint } of result.Subscriptions ?? []) {
        if (SubscriptionArn !== undefined && Protocol === 'sqs' && Endpoint === queueArn) {
          found.push({ topicArn, subscriptionArn: SubscriptionArn });
        }
      }
      nextToken = result.NextToken;
      if (nextToken === undefined || nextToken === '') break;
    }
  }
  if (found.length === 0) throw new Error(`No SNS subscription delivers to ${queueName}`);
  return found;
};

/**
 * Turns on the archive (`ArchivePolicy`) of every topic that delivers to `queueName` and has
 * none, and returns their ARNs. A consumer's test cloud creates its producers' topics bare (only
 * a producer's own stack declares the policy), and a replay needs an archive. The archive keeps
 * what is published from now on: turn it on before publishing what a test replays.
 *
 * @example
 * ```ts
 * await archiveTopicsOfQueue(clients, 'conveyor-local-shipping-requests.fifo');
 * const from = new Date();
 * ```
 */
export const archiveTopicsOfQueue = async (
  clients: Pick<AwsClients, 'sns' | 'sqs'>,
  queueName: string,
  retentionDays = 1,
): Promise<string[]> => {
  const archived: string[] = [];
  const topics = new Set((await queueSubscriptions(clients, queueName)).map((s) => s.topicArn));
  for (const topicArn of topics) {
    const { Attributes } = await clients.sns.send(
      new GetTopicAttributesCommand({ TopicArn: topicArn }),
    );
    const policy = Attributes?.['ArchivePolicy'];
    if (policy !== undefined && policy !== '' && policy !== '{}') continue;
    await clients.sns.send(
      new SetTopicAttributesCommand({
        TopicArn: topicArn,
        AttributeName: 'ArchivePolicy',
        AttributeValue: JSON.stringify({ MessageRetentionPeriod: String(retentionDays) }),
      }),
    );
    archived.push(topicArn);
  }
  return archived;
};

/** Options of {@link replayToQueue}. */
export type ReplayToQueueOptions = Partial<Omit<WaitForOptions, 'description'>>;

/**
 * Replays to the queue `queueName` what its topics archived from `from` on: sets a
 * `ReplayPolicy` `{"PointType":"Timestamp","StartingPoint":<from>}` on every subscription that
 * delivers to it, then waits until each reports `ReplayStatus` `Completed` (a `Failed` one
 * throws at once). No `EndingPoint`: SNS pauses a subscription after a replay with one, and the
 * tests want theirs to carry on. `Completed` means the replayed messages are in the queue, not
 * that they were consumed. The local cloud records the new replay (`Pending`) before it answers
 * `SetSubscriptionAttributes`, so the first `Completed` seen is this replay's.
 *
 * @example
 * ```ts
 * const from = new Date();
 * await publishReserved(event);
 * await waitForShipment(orderId);
 * await replayToQueue(clients, 'conveyor-local-shipping-requests.fifo', from);
 * ```
 */
export const replayToQueue = async (
  clients: Pick<AwsClients, 'sns' | 'sqs'>,
  queueName: string,
  from: Date,
  options: ReplayToQueueOptions = {},
): Promise<QueueSubscription[]> => {
  const subscriptions = await queueSubscriptions(clients, queueName);
  const policy = JSON.stringify({ PointType: 'Timestamp', StartingPoint: from.toISOString() });
  for (const { subscriptionArn } of subscriptions) {
    await clients.sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: subscriptionArn,
        AttributeName: 'ReplayPolicy',
        AttributeValue: policy,
      }),
    );
  }
  for (const { subscriptionArn, topicArn } of subscriptions) {
    const status = await waitFor(
      async () => {
        const { Attributes } = await clients.sns.send(
          new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }),
        );
        const current = Attributes?.['ReplayStatus'];
        return current === 'Completed' || current === 'Failed' ? current : undefined;
      },
      { ...options, description: `the replay of ${topicArn} to ${queueName} Completed` },
    );
    if (status === 'Failed') throw new Error(`The replay of ${topicArn} to ${queueName} failed`);
  }
  return subscriptions;
};

/** A toolkit idempotency record: the service's table, the handler's key prefix, the event. */
export interface IdempotencyRecordKey {
  /** The service's idempotency table, `conveyor-<stage>-<service>-idempotency`. */
  readonly tableName: string;
  /** The `keyPrefix` the handler's `makeEventIdempotency` was given, such as `email.onNotificationEvent`. */
  readonly keyPrefix: string;
  readonly eventId: string;
}

/**
 * Deletes the idempotency record of an event (`makeEventIdempotency` in the lambda-toolkit), as
 * DynamoDB's TTL does once its 424 days are over: a later copy, such as one an operator redrove a
 * second time from the same DLQ, then reaches the domain again. Throws if there was no record, so a change of
 * Powertools' key (`<keyPrefix>#` and the base64 MD5 of the JSON eventId) cannot let a test pass
 * without deleting anything.
 *
 * @example
 * ```ts
 * await expireIdempotencyRecord(clients, { tableName: 'conveyor-local-shipping-idempotency', keyPrefix: 'shipping.onInventoryReserved', eventId });
 * ```
 */
export const expireIdempotencyRecord = async (
  clients: Pick<AwsClients, 'dynamo'>,
  { tableName, keyPrefix, eventId }: IdempotencyRecordKey,
): Promise<void> => {
  const hash = createHash('md5').update(JSON.stringify(eventId)).digest('base64');
  const id = `${keyPrefix}#${hash}`;
  const { Attributes } = await clients.dynamo.send(
    new DeleteItemCommand({
      TableName: tableName,
      Key: { id: { S: id } },
      ReturnValues: 'ALL_OLD',
    }),
  );
  if (Attributes === undefined) {
    throw new Error(`No idempotency record ${id} of event ${eventId} in ${tableName}`);
  }
};
