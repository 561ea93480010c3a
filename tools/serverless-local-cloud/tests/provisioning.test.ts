import {
  DescribeTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsCommand,
  ListTopicsCommand,
  PublishCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import {
  GetQueueAttributesCommand,
  ListQueuesCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type LocalCloud, localRegion, startLocalCloud } from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureQueueUrl, localClients } from './support/localClients.ts';
import { newRunId } from './support/observations.ts';
import { QueueCollector } from './support/QueueCollector.ts';
import { type OfflineProcess, readyLine, startOffline } from './support/startOffline.ts';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const topicArn = 'arn:aws:sns:us-east-1:000000000000:slc-fixture-test-events.fifo';
const otherTopicArn = 'arn:aws:sns:us-east-1:000000000000:slc-other-test-events.fifo';

let cloud: LocalCloud | undefined;
let offline: OfflineProcess | undefined;
let sqs: SQSClient;
let sns: SNSClient;
let dynamodb: DynamoDBClient;
let s3: S3Client;
let placedOrders: QueueCollector;
let optedIn: QueueCollector;
let envelopes: QueueCollector;

const url = (name: string): string => fixtureQueueUrl(cloud!.endpoints, name);

const queueAttributes = async (name: string): Promise<Record<string, string>> =>
  (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url(name), AttributeNames: ['All'] })))
    .Attributes ?? {};

const publish = (
  arn: string,
  runId: string,
  name: string,
  eventType: string,
  marketingOptIn: boolean,
): Promise<unknown> =>
  sns.send(
    new PublishCommand({
      TopicArn: arn,
      Message: JSON.stringify({ runId, name, eventType, data: { marketingOptIn } }),
      MessageGroupId: `${runId}-order`,
      MessageDeduplicationId: `${runId}-${name}`,
      MessageAttributes: {
        eventType: { DataType: 'String', StringValue: eventType },
        eventVersion: { DataType: 'Number', StringValue: '1' },
      },
    }),
  );

const namesOf = (messages: readonly Message[], runId: string): string[] =>
  messages
    .map(
      (message) =>
        JSON.parse(message.Body ?? '{}') as { runId?: string; name?: string; Message?: string },
    )
    .map((body) => (body.Message === undefined ? body : (JSON.parse(body.Message) as typeof body)))
    .filter((body) => body.runId === runId)
    .map(({ name }) => name ?? '?')
    .sort();

/** Everything provisioning controls, minus counters that move with traffic. */
const snapshot = async (): Promise<unknown> => {
  const queueUrls = (await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? [];
  const queues = await Promise.all(
    [...queueUrls].sort().map(async (queueUrl) => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
      );
      const stable = Object.entries(Attributes).filter(
        ([key]) => !key.startsWith('ApproximateNumber'),
      );
      return [queueUrl, Object.fromEntries(stable)];
    }),
  );
  const topicArns = ((await sns.send(new ListTopicsCommand({}))).Topics ?? []).map(
    ({ TopicArn }) => TopicArn ?? '',
  );
  const topics = await Promise.all(
    topicArns
      .sort()
      .map(async (arn) => [
        arn,
        (await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes,
      ]),
  );
  const subscriptionArns = (
    (await sns.send(new ListSubscriptionsCommand({}))).Subscriptions ?? []
  ).map(({ SubscriptionArn }) => SubscriptionArn ?? '');
  const subscriptions = await Promise.all(
    subscriptionArns
      .sort()
      .map(async (arn) => [
        arn,
        (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))).Attributes,
      ]),
  );
  const tableNames = (await dynamodb.send(new ListTablesCommand({}))).TableNames ?? [];
  const tables = await Promise.all(
    tableNames.map(async (TableName) => {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName }));
      return [
        TableName,
        {
          keys: Table?.KeySchema,
          indexes: Table?.GlobalSecondaryIndexes?.map(({ IndexName }) => IndexName),
          created: Table?.CreationDateTime?.toISOString(),
        },
      ];
    }),
  );
  const buckets = ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map(
    ({ Name }) => Name,
  );
  return { queues, topics, subscriptions, tables, buckets };
};

beforeAll(async () => {
  cloud = await startLocalCloud({ inMemory: true, ports: { fauxqs: 0, dynamodb: 0, ses: 0 } });
  ({ sqs, sns, dynamodb } = localClients(cloud.endpoints));
  s3 = new S3Client({
    region: localRegion,
    endpoint: cloud.endpoints.s3,
    credentials,
    forcePathStyle: true,
  });
  offline = await startOffline({ ports: cloud.ports, buildName: 'provisioning' });
  await offline.waitForOutput(readyLine);
  placedOrders = new QueueCollector(sqs, url('placed-orders.fifo')).start();
  optedIn = new QueueCollector(sqs, url('opted-in')).start();
  envelopes = new QueueCollector(sqs, url('envelopes.fifo')).start();
});

afterAll(async () => {
  await offline?.stop();
  await Promise.all([placedOrders.stop(), optedIn.stop(), envelopes.stop()]);
  for (const client of [sqs, sns, dynamodb, s3]) {
    client.destroy();
  }
  await cloud?.stop();
});

describe('provisioning', () => {
  it('creates queues with every declared attribute, including the redrive to their DLQ', async () => {
    // Prepare / Act: provisioned when offline started.
    const fifo = await queueAttributes('work.fifo');
    const standard = await queueAttributes('work');
    const routed = await queueAttributes('placed-orders.fifo');

    // Assess
    expect(fifo).toMatchObject({
      FifoQueue: 'true',
      ContentBasedDeduplication: 'false',
      VisibilityTimeout: '3',
      MessageRetentionPeriod: '1209600',
    });
    expect(JSON.parse(fifo['RedrivePolicy'] ?? '{}')).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:slc-fixture-test-work-dlq.fifo',
      maxReceiveCount: 3,
    });
    // The DLQ lets only its queue dead-letter into it, the ARN built with Fn::Sub.
    const fifoDlq = await queueAttributes('work-dlq.fifo');
    expect(JSON.parse(fifoDlq['RedriveAllowPolicy'] ?? '{}')).toEqual({
      redrivePermission: 'byQueue',
      sourceQueueArns: ['arn:aws:sqs:us-east-1:000000000000:slc-fixture-test-work.fifo'],
    });
    expect(standard['FifoQueue']).toBeUndefined();
    expect(JSON.parse(standard['RedrivePolicy'] ?? '{}')).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:slc-fixture-test-work-dlq',
      maxReceiveCount: 3,
    });
    const policy = JSON.parse(routed['Policy'] ?? '{}') as { Statement: { Condition: unknown }[] };
    expect(policy.Statement[0]?.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': topicArn } });
  });

  it('creates the FIFO topic, its raw filtered subscriptions, the table and the bucket', async () => {
    // Prepare / Act: provisioned when offline started.
    const topic = await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    const subscriptions = (await sns.send(new ListSubscriptionsCommand({}))).Subscriptions ?? [];
    const attributes = await Promise.all(
      subscriptions.map(
        async ({ SubscriptionArn }) =>
          (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes ??
          {},
      ),
    );
    const table = await dynamodb.send(
      new DescribeTableCommand({ TableName: 'slc-fixture-test-orders' }),
    );

    // Assess
    expect(topic.Attributes).toMatchObject({
      FifoTopic: 'true',
      ContentBasedDeduplication: 'false',
    });
    const optedInSubscription = attributes.find(({ Endpoint }) =>
      Endpoint?.endsWith(':slc-fixture-test-opted-in'),
    );
    expect(optedInSubscription).toMatchObject({
      RawMessageDelivery: 'true',
      FilterPolicyScope: 'MessageBody',
    });
    expect(JSON.parse(optedInSubscription?.['FilterPolicy'] ?? '{}')).toEqual({
      data: { marketingOptIn: [true] },
    });
    expect(attributes.filter(({ TopicArn }) => TopicArn === topicArn)).toHaveLength(3);
    expect(attributes.filter(({ TopicArn }) => TopicArn === otherTopicArn)).toHaveLength(1);
    expect(table.Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table.Table?.GlobalSecondaryIndexes?.map(({ IndexName }) => IndexName)).toEqual([
      'byCustomer',
    ]);
    await expect(
      s3.send(new HeadBucketCommand({ Bucket: 'slc-fixture-test-labels' })),
    ).resolves.toBeDefined();
    expect(offline!.output()).toContain('AWS::CloudWatch::Alarm (DlqDepthAlarm)');
    expect(offline!.output()).toContain('OrdersTable: TTL on expiresAt is not enforced locally');
  });

  it('changes nothing when provisioning again: same queues, attributes and subscriptions', async () => {
    // Prepare
    const before = await snapshot();
    await offline!.stop();

    // Act
    offline = await startOffline({ ports: cloud!.ports, buildName: 'provisioning' });
    await offline.waitForOutput(readyLine);
    const after = await snapshot();

    // Assess
    expect(after).toEqual(before);
    expect(offline.output()).toMatch(
      /\d+ resources in the local cloud: 0 created, 0 updated, \d+ unchanged/,
    );
  });
});

describe('SNS to SQS', () => {
  it('routes by a message-attribute filter policy and by a body filter policy', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    await publish(topicArn, runId, 'placed-opted-in', 'order.placed', true);
    await publish(topicArn, runId, 'cancelled-opted-in', 'order.cancelled', true);
    await publish(topicArn, runId, 'placed-opted-out', 'order.placed', false);
    await publish(topicArn, runId, 'cancelled-opted-out', 'order.cancelled', false);
    await envelopes.waitFor('all four in the unfiltered queue', (messages) =>
      namesOf(messages, runId).length === 4 ? true : undefined,
    );

    // Assess
    expect(namesOf(placedOrders.messages(), runId)).toEqual([
      'placed-opted-in',
      'placed-opted-out',
    ]);
    expect(namesOf(optedIn.messages(), runId)).toEqual(['cancelled-opted-in', 'placed-opted-in']);
  });

  it('delivers raw messages with their attributes and group, and SNS envelopes without raw delivery', async () => {
    // Prepare
    const runId = newRunId();

    // Act
    await publish(topicArn, runId, 'raw', 'order.placed', false);
    const raw = await placedOrders.waitFor('the raw message', (messages) =>
      messages.find((message) => message.Body?.includes(runId)),
    );
    const wrapped = await envelopes.waitFor('the envelope', (messages) =>
      messages.find((message) => message.Body?.includes(runId)),
    );

    // Assess
    expect(JSON.parse(raw.Body ?? '')).toEqual({
      runId,
      name: 'raw',
      eventType: 'order.placed',
      data: { marketingOptIn: false },
    });
    expect(raw.MessageAttributes?.['eventType']).toMatchObject({
      DataType: 'String',
      StringValue: 'order.placed',
    });
    expect(raw.Attributes?.['MessageGroupId']).toBe(`${runId}-order`);
    const envelope = JSON.parse(wrapped.Body ?? '{}') as {
      Type: string;
      TopicArn: string;
      Message: string;
    };
    expect(envelope.Type).toBe('Notification');
    expect(envelope.TopicArn).toBe(topicArn);
    expect(JSON.parse(envelope.Message)).toMatchObject({ runId, name: 'raw' });
  });

  it("subscribes to another service's topic, creating it by name", async () => {
    // Prepare
    const runId = newRunId();

    // Act
    await publish(otherTopicArn, runId, 'from-other-service', 'order.placed', false);
    const message = await placedOrders.waitFor('the other topic’s message', (messages) =>
      messages.find((candidate) => candidate.Body?.includes(runId)),
    );

    // Assess
    expect(JSON.parse(message.Body ?? '{}')).toMatchObject({ name: 'from-other-service' });
  });
});
