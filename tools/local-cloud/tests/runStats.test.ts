// The local run's counters (GET /_local-cloud/stats), which npm run bench:e2e reads: every AWS API
// call the enforcement layer passes on or refuses, by caller, and what an SQS receive held.
import { CreateTableCommand, PutItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalCloud,
  localAccountId,
  localCloudIam,
  localRegion,
  startLocalCloud,
} from '../src/index.ts';
import type { LocalRunSnapshot } from '../src/stats/LocalRunStats.ts';
import { type LocalClients, localClients } from './support/localClients.ts';

const functionKey = 'fn.stats-test.local.consumer';

let cloud: LocalCloud;
let admin: LocalClients;
let consumer: LocalClients;
let queueUrl = '';

const snapshot = async (): Promise<LocalRunSnapshot> => {
  const response = await fetch(`${cloud.endpoints.sqs}/_local-cloud/stats`);
  return (await response.json()) as LocalRunSnapshot;
};

beforeAll(async () => {
  cloud = await startLocalCloud({
    inMemory: true,
    iam: true,
    ports: { fauxqs: 0, dynamodb: 0, ses: 0 },
  });
  admin = localClients(cloud.endpoints);
  queueUrl =
    (await admin.sqs.send(new CreateQueueCommand({ QueueName: 'stats-granted' }))).QueueUrl ?? '';
  await admin.dynamodb.send(
    new CreateTableCommand({
      TableName: 'stats-table',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitUntilTableExists(
    { client: admin.dynamodb, minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
    { TableName: 'stats-table' },
  );
  const [credentials] = await localCloudIam(cloud.endpoints.sqs).registerFunctions([
    {
      service: 'stats-test',
      stage: 'local',
      functionKey: 'consumer',
      functionName: 'stats-test-local-consumer',
      roleName: 'stats-test-local-consumer-role',
      statements: [
        {
          Effect: 'Allow',
          Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'],
          Resource: `arn:aws:sqs:${localRegion}:${localAccountId}:stats-granted`,
        },
      ],
    },
  ]);
  if (credentials === undefined) throw new Error('no credentials registered');
  consumer = localClients(cloud.endpoints, credentials);
});

afterAll(async () => {
  consumer.destroy();
  admin.destroy();
  await cloud.stop();
});

describe('GET /_local-cloud/stats', () => {
  it('counts each call by service, operation and caller, with batch entries, received messages and refusals', async () => {
    // Prepare
    for (const body of ['a', 'b']) {
      await admin.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    }

    // Act
    const { Messages = [] } = await consumer.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    await consumer.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map(({ ReceiptHandle }, index) => ({ Id: String(index), ReceiptHandle })),
      }),
    );
    await consumer.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    const refused = await consumer.dynamodb
      .send(new PutItemCommand({ TableName: 'stats-table', Item: { id: { S: '1' } } }))
      .then(
        () => false,
        () => true,
      );
    const stats = await snapshot();

    // Assess
    const count = (service: string, operation: string, caller: string) =>
      stats.requests.find(
        (entry) =>
          entry.service === service && entry.operation === operation && entry.caller === caller,
      );
    expect(Messages).toHaveLength(2);
    expect(refused).toBe(true);
    expect(count('sqs', 'SendMessage', 'administrator')).toMatchObject({ calls: 2, entries: 2 });
    expect(count('sqs', 'ReceiveMessage', functionKey)).toMatchObject({
      calls: 2,
      messagesReceived: 2,
      emptyReceives: 1,
    });
    expect(count('sqs', 'DeleteMessageBatch', functionKey)).toMatchObject({ calls: 1, entries: 2 });
    expect(count('dynamodb', 'PutItem', functionKey)).toMatchObject({ calls: 1, refused: 1 });
    expect(stats.npmStart).toBeUndefined();
  });

  it("serves npm start's report once its supervisor sent one", async () => {
    // Prepare
    const report = {
      kind: 'npm-start-report',
      pid: 4242,
      parentPid: 4241,
      startedAt: '2026-01-01T00:00:00.000Z',
      readyAfterMs: 20_000,
      functions: [
        {
          service: 'checkout',
          functionKey: 'postCheckout',
          invocations: 3,
          timeouts: 0,
          durationMs: 30.5,
          billedMs: 33,
        },
      ],
      unreadLines: 0,
    };

    // Act
    cloud.stats?.acceptMessage(report);
    const stats = await snapshot();

    // Assess
    expect(stats.npmStart).toMatchObject({
      pid: 4242,
      readyAfterMs: 20_000,
      functions: report.functions,
    });
  });
});
