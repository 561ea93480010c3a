import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import {
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isLocalCloudRunning,
  type LocalCloud,
  LocalCloudError,
  localAccountId,
  localCloudEnvironment,
  localRegion,
  PortInUseError,
  startLocalCloud,
} from '../src/index.ts';
import { holdPort } from './support/holdPort.ts';
import { listeningAddresses } from './support/listeningAddresses.ts';
import { type LocalClients, localClients } from './support/localClients.ts';

const anyPorts = { fauxqs: 0, dynamodb: 0, ses: 0 } as const;

let cloud: LocalCloud | undefined;
let clients: LocalClients | undefined;

afterEach(async () => {
  clients?.destroy();
  clients = undefined;
  await cloud?.stop();
  cloud = undefined;
});

const refusesConnection = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(true);
    });
  });

describe('startLocalCloud', () => {
  it('answers for SQS, SNS, S3, DynamoDB and SES v2, with ARNs in the local account', async () => {
    // Prepare
    cloud = await startLocalCloud({ inMemory: true, ports: anyPorts });
    clients = localClients(cloud.endpoints);
    const { QueueUrl: queueUrl } = await clients.sqs.send(
      new CreateQueueCommand({ QueueName: 'answers' }),
    );
    const { Attributes: queueAttributes } = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    const { TopicArn: topicArn } = await clients.sns.send(
      new CreateTopicCommand({ Name: 'answers-topic' }),
    );
    await clients.sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: queueAttributes?.QueueArn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    await clients.s3.send(new CreateBucketCommand({ Bucket: 'answers-bucket' }));
    await clients.dynamodb.send(
      new CreateTableCommand({
        TableName: 'answers',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    // Even with createTableMs 0, dynalite answers CREATING first, like AWS.
    await waitUntilTableExists(
      { client: clients.dynamodb, minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
      { TableName: 'answers' },
    );

    // Act
    await clients.sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'via sns' }));
    const received = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 2 }),
    );
    await clients.s3.send(
      new PutObjectCommand({ Bucket: 'answers-bucket', Key: 'a.txt', Body: 'object body' }),
    );
    const object = await clients.s3.send(
      new GetObjectCommand({ Bucket: 'answers-bucket', Key: 'a.txt' }),
    );
    await clients.dynamodb.send(
      new PutItemCommand({ TableName: 'answers', Item: { id: { S: '1' }, v: { N: '42' } } }),
    );
    const item = await clients.dynamodb.send(
      new GetItemCommand({ TableName: 'answers', Key: { id: { S: '1' } } }),
    );
    const sent = await clients.ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'shop@example.com',
        Destination: { ToAddresses: ['customer@example.com'] },
        Content: { Simple: { Subject: { Data: 'Hello' }, Body: { Text: { Data: 'Hi there' } } } },
      }),
    );
    const store = (await (await fetch(`${cloud.endpoints.sesv2}/store`)).json()) as {
      emails: { messageId: string; subject: string }[];
    };
    const inbox = await fetch(cloud.endpoints.inbox);

    // Assess
    expect(queueAttributes?.QueueArn).toBe(`arn:aws:sqs:${localRegion}:${localAccountId}:answers`);
    expect(topicArn).toBe(`arn:aws:sns:${localRegion}:${localAccountId}:answers-topic`);
    expect(received.Messages?.map((message) => message.Body)).toEqual(['via sns']);
    expect(await object.Body?.transformToString()).toBe('object body');
    expect(item.Item?.v).toEqual({ N: '42' });
    expect(store.emails).toContainEqual(
      expect.objectContaining({ messageId: sent.MessageId, subject: 'Hello' }),
    );
    expect(inbox.status).toBe(200);
    expect(await inbox.text()).toContain('<html');
    expect(await isLocalCloudRunning(cloud.ports)).toBe(true);
  });

  it('hands out queue URLs on loopback, which a client following them can use', async () => {
    // Prepare
    cloud = await startLocalCloud({ inMemory: true, ports: anyPorts });
    clients = localClients(cloud.endpoints);
    await clients.sqs.send(new CreateQueueCommand({ QueueName: 'followed' }));

    // Act
    const { QueueUrl: queueUrl } = await clients.sqs.send(
      new GetQueueUrlCommand({ QueueName: 'followed' }),
    );
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'hello' }));
    const received = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }),
    );

    // Assess
    expect(queueUrl).toBe(`http://127.0.0.1:${cloud.ports.fauxqs}/${localAccountId}/followed`);
    expect(received.Messages?.map((message) => message.Body)).toEqual(['hello']);
  });

  it('listens on 127.0.0.1 only, for every server', async () => {
    // Prepare
    cloud = await startLocalCloud({ inMemory: true, ports: anyPorts });
    const ports = [cloud.ports.fauxqs, cloud.ports.dynamodb, cloud.ports.ses];
    const otherAddresses = Object.values(networkInterfaces())
      .flatMap((addresses) => addresses ?? [])
      .filter((address) => !address.internal && address.family === 'IPv4')
      .map((address) => address.address);

    // Act
    const bound = ports.map((port) => listeningAddresses(port));
    const refused = await Promise.all(
      otherAddresses.flatMap((host) => ports.map((port) => refusesConnection(host, port))),
    );

    // Assess
    for (const addresses of bound) {
      if (addresses !== undefined) expect(addresses).toEqual(['127.0.0.1']);
    }
    expect(refused.every(Boolean)).toBe(true);
    const { sqs, sns, s3, dynamodb, sesv2, inbox } = cloud.endpoints;
    for (const url of [sqs, sns, s3, dynamodb, sesv2, inbox]) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/?$/);
    }
  });

  it('gives an environment that points SDK clients at it', async () => {
    // Prepare
    cloud = await startLocalCloud({ inMemory: true, ports: anyPorts });

    // Act
    const env = localCloudEnvironment(cloud.endpoints);

    // Assess
    expect(env).toEqual({
      AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${cloud.ports.fauxqs}`,
      AWS_ENDPOINT_URL_SNS: `http://127.0.0.1:${cloud.ports.fauxqs}`,
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${cloud.ports.fauxqs}`,
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${cloud.ports.dynamodb}`,
      AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${cloud.ports.ses}`,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: expect.any(String) as string,
      AWS_SECRET_ACCESS_KEY: expect.any(String) as string,
    });
  });

  it('is no longer running after stop, and stop can be called twice', async () => {
    // Prepare
    const started = await startLocalCloud({ inMemory: true, ports: anyPorts });

    // Act
    await Promise.all([started.stop(), started.stop()]);

    // Assess
    expect(await isLocalCloudRunning(started.ports)).toBe(false);
  });

  it.each([
    ['fauxqs', 'SQS/SNS/S3/fauxqs'],
    ['dynamodb', 'DynamoDB/dynalite'],
    ['ses', 'SES/aws-ses-v2-local'],
  ] as const)(
    'names the port and the service when the %s port is taken',
    async (key, service) => {
      // Prepare
      const held = await holdPort();

      // Act
      const attempt = startLocalCloud({ inMemory: true, ports: { ...anyPorts, [key]: held.port } });

      // Assess
      try {
        await expect(attempt).rejects.toThrow(PortInUseError);
        await expect(attempt).rejects.toMatchObject({
          port: held.port,
          service,
          message: expect.stringContaining(
            `Port ${held.port} (${service}) is already in use`,
          ) as string,
        });
        expect(await isLocalCloudRunning({ ...anyPorts, [key]: held.port })).toBe(false);
      } finally {
        await held.release();
      }
    },
    30_000,
  );

  it('starts again in the same process after a failed start', async () => {
    // Prepare
    const held = await holdPort();
    await startLocalCloud({ inMemory: true, ports: { ...anyPorts, ses: held.port } }).catch(
      () => undefined,
    );
    await held.release();

    // Act
    cloud = await startLocalCloud({ inMemory: true, ports: anyPorts });

    // Assess
    expect(await isLocalCloudRunning(cloud.ports)).toBe(true);
  });

  it('refuses a second local cloud in the same process', async () => {
    // Prepare
    cloud = await startLocalCloud({ inMemory: true, ports: anyPorts });

    // Act
    const second = startLocalCloud({ inMemory: true, ports: anyPorts });

    // Assess
    await expect(second).rejects.toThrow(/already running in this process/);
  });

  it('rejects dataDir together with inMemory, and one port given to two parts', async () => {
    // Prepare
    const both = { inMemory: true, dataDir: '/tmp/never-used' };
    const clash = { inMemory: true, ports: { fauxqs: 45_999, dynamodb: 45_999, ses: 0 } };

    // Act
    const bothAttempt = startLocalCloud(both);
    const clashAttempt = startLocalCloud(clash);

    // Assess
    await expect(bothAttempt).rejects.toThrow(LocalCloudError);
    await expect(clashAttempt).rejects.toThrow(/Port 45999 is given to both fauxqs and dynamodb/);
  });
});
