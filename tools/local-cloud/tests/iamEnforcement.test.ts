import {
  BatchWriteItemCommand,
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  functionAccessKeyId,
  type FunctionRegistration,
  type LocalCloud,
  localAccountId,
  localCloudIam,
  localRegion,
  type PolicyStatement,
  startLocalCloud,
} from '../src/index.ts';
import { type ClientCredentials, type LocalClients, localClients } from './support/localClients.ts';

// Everything a denied call answers, as the SDK surfaces it.
interface Refusal {
  readonly name: string;
  readonly status: number | undefined;
  readonly message: string;
}

const refusalOf = async (call: Promise<unknown>): Promise<Refusal | undefined> => {
  try {
    await call;
    return undefined;
  } catch (error) {
    const failure = error as {
      name: string;
      message: string;
      $metadata?: { httpStatusCode?: number };
    };
    return {
      name: failure.name,
      status: failure.$metadata?.httpStatusCode,
      message: failure.message,
    };
  }
};

const arn = {
  queue: (name: string): string => `arn:aws:sqs:${localRegion}:${localAccountId}:${name}`,
  topic: (name: string): string => `arn:aws:sns:${localRegion}:${localAccountId}:${name}`,
  table: (name: string): string =>
    `arn:aws:dynamodb:${localRegion}:${localAccountId}:table/${name}`,
};

const principal = (fn: string): string =>
  `arn:aws:sts::${localAccountId}:assumed-role/iam-test-local-${fn}-role/iam-test-local-${fn}`;

// One function per service under test, each granted one narrow thing.
const statementsOf = {
  sender: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn.queue('granted') }],
  publisher: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: arn.topic('granted-topic') }],
  labeller: [
    { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::iam-labels/labels/*' },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::iam-labels/labels/*' },
  ],
  reader: [
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:BatchWriteItem'],
      Resource: arn.table('granted-table'),
    },
  ],
  mailer: [
    {
      Effect: 'Allow',
      Action: 'ses:SendEmail',
      Resource: `arn:aws:ses:${localRegion}:${localAccountId}:identity/shop.example`,
      Condition: { StringEquals: { 'ses:FromAddress': 'orders@shop.example' } },
    },
  ],
} as const satisfies Record<string, readonly PolicyStatement[]>;

type FunctionName = keyof typeof statementsOf;

const registration = (fn: FunctionName): FunctionRegistration => ({
  service: 'iam-test',
  stage: 'local',
  functionKey: fn,
  functionName: `iam-test-local-${fn}`,
  roleName: `iam-test-local-${fn}-role`,
  statements: statementsOf[fn],
});

let cloud: LocalCloud;
let admin: LocalClients;
const as: Partial<Record<FunctionName, LocalClients>> = {};
const credentialsOf: Partial<Record<FunctionName, ClientCredentials>> = {};
const clientsOf = (fn: FunctionName): LocalClients => {
  const clients = as[fn];
  if (clients === undefined) throw new Error(`no clients for ${fn}`);
  return clients;
};
let grantedQueueUrl = '';
let otherQueueUrl = '';
// What the local cloud prints, as npm start shows it under [local cloud].
const printed: string[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud({
    inMemory: true,
    iam: true,
    ports: { fauxqs: 0, dynamodb: 0, ses: 0 },
    onLog: (line) => printed.push(line),
  });
  admin = localClients(cloud.endpoints);
  grantedQueueUrl =
    (await admin.sqs.send(new CreateQueueCommand({ QueueName: 'granted' }))).QueueUrl ?? '';
  otherQueueUrl =
    (await admin.sqs.send(new CreateQueueCommand({ QueueName: 'other' }))).QueueUrl ?? '';
  await admin.sns.send(new CreateTopicCommand({ Name: 'granted-topic' }));
  await admin.sns.send(new CreateTopicCommand({ Name: 'other-topic' }));
  await admin.s3.send(new CreateBucketCommand({ Bucket: 'iam-labels' }));
  for (const table of ['granted-table', 'other-table']) {
    await admin.dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilTableExists(
      { client: admin.dynamodb, minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
      { TableName: table },
    );
  }
  const credentials = await localCloudIam(cloud.endpoints.sqs).registerFunctions(
    (Object.keys(statementsOf) as FunctionName[]).map(registration),
  );
  for (const { functionKey, accessKeyId, secretAccessKey } of credentials) {
    const fn = functionKey as FunctionName;
    credentialsOf[fn] = { accessKeyId, secretAccessKey };
    as[fn] = localClients(cloud.endpoints, { accessKeyId, secretAccessKey });
  }
});

afterAll(async () => {
  for (const clients of Object.values(as)) clients.destroy();
  admin.destroy();
  await cloud.stop();
});

describe('a function calling outside its role gets AWS error shape; within it, succeeds', () => {
  it('SQS: SendMessage to its queue, AccessDenied 403 on another', async () => {
    // Prepare
    const { sqs } = clientsOf('sender');

    // Act
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl: grantedQueueUrl, MessageBody: 'ok' }),
    );
    const refused = await refusalOf(
      sqs.send(new SendMessageCommand({ QueueUrl: otherQueueUrl, MessageBody: 'no' })),
    );

    // Assess
    expect(sent.MessageId).toEqual(expect.any(String));
    expect(refused).toEqual({
      name: 'AccessDenied',
      status: 403,
      message: `User: ${principal('sender')} is not authorized to perform: sqs:SendMessage on resource: ${arn.queue('other')} because no identity-based policy allows the sqs:SendMessage action`,
    });
  });

  it('SNS: Publish to its topic, AuthorizationError 403 on another', async () => {
    // The SDK names SNS's AuthorizationError code by its modelled exception.
    // Prepare
    const { sns } = clientsOf('publisher');

    // Act
    const published = await sns.send(
      new PublishCommand({ TopicArn: arn.topic('granted-topic'), Message: 'ok' }),
    );
    const refused = await refusalOf(
      sns.send(new PublishCommand({ TopicArn: arn.topic('other-topic'), Message: 'no' })),
    );

    // Assess
    expect(published.MessageId).toEqual(expect.any(String));
    expect(refused).toEqual({
      name: 'AuthorizationErrorException',
      status: 403,
      message: `User: ${principal('publisher')} is not authorized to perform: SNS:Publish on resource: ${arn.topic('other-topic')} because no identity-based policy allows the SNS:Publish action`,
    });
  });

  it('S3: PutObject under labels/, AccessDenied 403 elsewhere in the bucket', async () => {
    // Prepare
    const { s3 } = clientsOf('labeller');

    // Act
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'iam-labels', Key: 'labels/a.pdf', Body: 'label' }),
    );
    const refused = await refusalOf(
      s3.send(new PutObjectCommand({ Bucket: 'iam-labels', Key: 'private/a.pdf', Body: 'no' })),
    );

    // Assess
    expect(put.ETag).toEqual(expect.any(String));
    expect(refused).toEqual({
      name: 'AccessDenied',
      status: 403,
      message: `User: ${principal('labeller')} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::iam-labels/private/a.pdf" because no identity-based policy allows the s3:PutObject action`,
    });
  });

  it('S3: a large PutObject passes through the enforcement layer whole', async () => {
    // Prepare
    const { s3 } = clientsOf('labeller');
    const body = Buffer.alloc(3 * 1024 * 1024, 7);

    // Act
    await s3.send(
      new PutObjectCommand({ Bucket: 'iam-labels', Key: 'labels/large.pdf', Body: body }),
    );
    const read = await s3.send(
      new GetObjectCommand({ Bucket: 'iam-labels', Key: 'labels/large.pdf' }),
    );
    const bytes = await read.Body?.transformToByteArray();

    // Assess
    expect(bytes?.length).toBe(body.length);
    expect(Buffer.from(bytes ?? []).equals(body)).toBe(true);
  });

  it('DynamoDB: GetItem on its table, AccessDeniedException 400 on PutItem and on a batch that reaches another table', async () => {
    // Prepare
    const { dynamodb } = clientsOf('reader');

    // Act
    const read = await dynamodb.send(
      new GetItemCommand({ TableName: 'granted-table', Key: { id: { S: '1' } } }),
    );
    const refusedPut = await refusalOf(
      dynamodb.send(new PutItemCommand({ TableName: 'granted-table', Item: { id: { S: '1' } } })),
    );
    const refusedBatch = await refusalOf(
      dynamodb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            'granted-table': [{ PutRequest: { Item: { id: { S: 'b' } } } }],
            'other-table': [{ PutRequest: { Item: { id: { S: 'b' } } } }],
          },
        }),
      ),
    );
    const unchanged = await admin.dynamodb.send(
      new GetItemCommand({ TableName: 'granted-table', Key: { id: { S: 'b' } } }),
    );

    // Assess
    expect(read.$metadata.httpStatusCode).toBe(200);
    expect(refusedPut).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message: `User: ${principal('reader')} is not authorized to perform: dynamodb:PutItem on resource: ${arn.table('granted-table')} because no identity-based policy allows the dynamodb:PutItem action`,
    });
    expect(refusedBatch).toMatchObject({
      name: 'AccessDeniedException',
      status: 400,
      message: expect.stringContaining(
        `dynamodb:BatchWriteItem on resource: ${arn.table('other-table')}`,
      ) as string,
    });
    expect(unchanged.Item).toBeUndefined();
  });

  it('SES: SendEmail from the address its condition names (ses:FromAddress), AccessDeniedException 403 from another', async () => {
    // Prepare
    const { ses } = clientsOf('mailer');
    const mail = (from: string): SendEmailCommand =>
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: ['customer@example.com'] },
        Content: { Simple: { Subject: { Data: `from ${from}` }, Body: { Text: { Data: 'hi' } } } },
      });

    // Act
    const sent = await ses.send(mail('Shop <orders@shop.example>'));
    const refused = await refusalOf(ses.send(mail('marketing@shop.example')));
    const store = (await (await fetch(`${cloud.endpoints.sesv2}/store`)).json()) as {
      emails: { subject: string }[];
    };

    // Assess
    expect(sent.MessageId).toEqual(expect.any(String));
    expect(refused).toEqual({
      name: 'AccessDeniedException',
      status: 403,
      message: `User \`${principal('mailer')}' is not authorized to perform \`ses:SendEmail' on resource \`arn:aws:ses:${localRegion}:${localAccountId}:identity/shop.example'`,
    });
    expect(store.emails.map((email) => email.subject)).toEqual(['from Shop <orders@shop.example>']);
  });
});

describe('credentials', () => {
  it('unknown credentials act as an administrator', async () => {
    // Prepare
    const someone = localClients(cloud.endpoints, {
      accessKeyId: 'a-developer',
      secretAccessKey: 'anything',
    });

    // Act
    const sent = await someone.sqs.send(
      new SendMessageCommand({ QueueUrl: otherQueueUrl, MessageBody: 'admin' }),
    );
    const written = await someone.dynamodb.send(
      new PutItemCommand({ TableName: 'other-table', Item: { id: { S: 'admin' } } }),
    );
    const listed = await someone.s3.send(new ListObjectsV2Command({ Bucket: 'iam-labels' }));
    someone.destroy();

    // Assess
    expect(sent.MessageId).toEqual(expect.any(String));
    expect(written.$metadata.httpStatusCode).toBe(200);
    expect(listed.$metadata.httpStatusCode).toBe(200);
  });

  it('refuses a function key it does not know, and a function key signed with the wrong secret', async () => {
    // Prepare
    const strangerKey = functionAccessKeyId('iam-test', 'local', 'neverRegistered');
    const stranger = localClients(cloud.endpoints, {
      accessKeyId: strangerKey,
      secretAccessKey: 'x',
    });
    const forger = localClients(cloud.endpoints, {
      accessKeyId: credentialsOf.sender?.accessKeyId ?? '',
      secretAccessKey: 'not-its-secret',
    });

    // Act
    const unknown = await refusalOf(
      stranger.sqs.send(new SendMessageCommand({ QueueUrl: grantedQueueUrl, MessageBody: 'x' })),
    );
    const unknownDynamo = await refusalOf(
      stranger.dynamodb.send(
        new GetItemCommand({ TableName: 'granted-table', Key: { id: { S: '1' } } }),
      ),
    );
    const forged = await refusalOf(
      forger.sqs.send(new SendMessageCommand({ QueueUrl: grantedQueueUrl, MessageBody: 'x' })),
    );
    stranger.destroy();
    forger.destroy();

    // Assess
    expect(unknown).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    expect(unknownDynamo).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
    expect(forged).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    // The line says what brings the function back: npm start does it after an in-memory restart.
    expect(printed.filter((line) => line.includes(`refused ${strangerKey}`))).toEqual([
      `iam: refused ${strangerKey}: no function registered with this key (a service registers its functions as it starts: npm start restarts every service after an in-memory local cloud restart; a service run alone, restart it)`,
    ]);
  });

  it('takes a statement away while overridden, gives it back when restored, and counts every decision', async () => {
    // Prepare
    const iam = localCloudIam(cloud.endpoints.sqs);
    const accessKeyId = credentialsOf.sender?.accessKeyId ?? '';
    const { sqs } = clientsOf('sender');
    const send = (): Promise<unknown> =>
      sqs.send(new SendMessageCommand({ QueueUrl: grantedQueueUrl, MessageBody: 'override' }));
    await iam.clearDecisions();

    // Act
    await iam.overrideStatements(accessKeyId, []);
    const whileOverridden = await refusalOf(send());
    await iam.restoreStatements(accessKeyId);
    const afterRestore = await refusalOf(send());
    const decisions = await iam.decisions(accessKeyId);

    // Assess
    expect(whileOverridden).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(afterRestore).toBeUndefined();
    expect(decisions).toEqual([
      expect.objectContaining({
        functionName: 'iam-test-local-sender',
        action: 'sqs:SendMessage',
        resource: arn.queue('granted'),
        decision: 'ImplicitlyDenied',
        count: 1,
      }),
      expect.objectContaining({ action: 'sqs:SendMessage', decision: 'Allowed', count: 1 }),
    ]);
    expect(
      await iam.simulate({ accessKeyId, action: 'sqs:SendMessage', resource: arn.queue('other') }),
    ).toBe('ImplicitlyDenied');
  });
});

describe('signed S3 URLs', () => {
  const bucket = 'iam-labels';
  const key = 'labels/signed.pdf';

  beforeEach(async () => {
    await admin.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'the label' }));
  });

  it('serves a URL the function presigned, within its role', async () => {
    // Prepare
    const url = await getSignedUrl(
      clientsOf('labeller').s3,
      new GetObjectCommand({ Bucket: bucket, Key: key }),
      {
        expiresIn: 300,
      },
    );

    // Act
    const response = await fetch(url);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('the label');
  });

  it('answers 403 SignatureDoesNotMatch to a tampered URL', async () => {
    // Prepare
    await admin.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'labels/other.pdf', Body: 'other' }),
    );
    const url = await getSignedUrl(
      clientsOf('labeller').s3,
      new GetObjectCommand({ Bucket: bucket, Key: key }),
      {
        expiresIn: 300,
      },
    );

    // Act
    const response = await fetch(url.replace('signed.pdf', 'other.pdf'));
    const body = await response.text();

    // Assess
    expect(response.status).toBe(403);
    expect(body).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('answers 403 AccessDenied "Request has expired" to an expired URL', async () => {
    // Prepare: signed two minutes ago for one minute.
    const url = await getSignedUrl(
      clientsOf('labeller').s3,
      new GetObjectCommand({ Bucket: bucket, Key: key }),
      {
        expiresIn: 60,
        signingDate: new Date(Date.now() - 120_000),
      },
    );

    // Act
    const response = await fetch(url);
    const body = await response.text();

    // Assess
    expect(response.status).toBe(403);
    expect(body).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
    expect(body).toContain('<X-Amz-Expires>60</X-Amz-Expires>');
  });

  it('answers 403 AccessDenied to an unsigned read and an anonymous listing', async () => {
    // Act
    const read = await fetch(`${cloud.endpoints.s3}/${bucket}/${key}`);
    const readBody = await read.text();
    const listing = await fetch(`${cloud.endpoints.s3}/${bucket}?list-type=2`);
    const listingBody = await listing.text();

    // Assess
    expect(read.status).toBe(403);
    expect(readBody).toContain('<Code>AccessDenied</Code><Message>Access Denied</Message>');
    expect(listing.status).toBe(403);
    expect(listingBody).toContain('<Code>AccessDenied</Code>');
  });

  it('answers 403 AccessDenied to a URL the function presigned outside its role', async () => {
    // Prepare
    await admin.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'private/x.pdf', Body: 'x' }));
    const url = await getSignedUrl(
      clientsOf('labeller').s3,
      new GetObjectCommand({ Bucket: bucket, Key: 'private/x.pdf' }),
      { expiresIn: 300 },
    );

    // Act
    const response = await fetch(url);
    const body = await response.text();

    // Assess
    expect(response.status).toBe(403);
    expect(body).toContain('<Code>AccessDenied</Code>');
    expect(body).toContain('s3:GetObject');
  });

  it('serves a URL presigned with the local shared credentials, and refuses one signed with another unknown secret', async () => {
    // Prepare
    const stranger = localClients(cloud.endpoints, {
      accessKeyId: 'a-developer',
      secretAccessKey: 'not-local',
    });
    const shared = await getSignedUrl(
      admin.s3,
      new GetObjectCommand({ Bucket: bucket, Key: key }),
      {
        expiresIn: 300,
      },
    );
    const other = await getSignedUrl(
      stranger.s3,
      new GetObjectCommand({ Bucket: bucket, Key: key }),
      {
        expiresIn: 300,
      },
    );
    stranger.destroy();

    // Act
    const sharedResponse = await fetch(shared);
    const otherResponse = await fetch(other);
    const otherBody = await otherResponse.text();

    // Assess
    expect(sharedResponse.status).toBe(200);
    expect(await sharedResponse.text()).toBe('the label');
    expect(otherResponse.status).toBe(403);
    expect(otherBody).toContain('<Code>SignatureDoesNotMatch</Code>');
  });
});

describe('SNS deliveries and queue policies', () => {
  const policyLetting = (queue: string, topic: string): string =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: arn.queue(queue),
          Condition: { ArnEquals: { 'aws:SourceArn': arn.topic(topic) } },
        },
      ],
    });

  it('delivers from the topic the queue policy names; refuses another topic, moving its message to the subscription DLQ or dropping it', async () => {
    // Prepare
    const { sqs, sns } = admin;
    const create = async (name: string, policy?: string): Promise<string> =>
      (
        await sqs.send(
          new CreateQueueCommand({
            QueueName: name,
            ...(policy === undefined ? {} : { Attributes: { Policy: policy } }),
          }),
        )
      ).QueueUrl ?? '';
    const queueUrl = await create(
      'orders-consumer',
      policyLetting('orders-consumer', 'orders-topic'),
    );
    const dlqUrl = await create('strangers-dlq', policyLetting('strangers-dlq', 'strangers-topic'));
    const orders =
      (await sns.send(new CreateTopicCommand({ Name: 'orders-topic' }))).TopicArn ?? '';
    const strangers =
      (await sns.send(new CreateTopicCommand({ Name: 'strangers-topic' }))).TopicArn ?? '';
    const gossip =
      (await sns.send(new CreateTopicCommand({ Name: 'gossip-topic' }))).TopicArn ?? '';
    const subscribe = async (
      topicArn: string,
      attributes: Record<string, string> = {},
    ): Promise<void> => {
      await sns.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: arn.queue('orders-consumer'),
          Attributes: { RawMessageDelivery: 'true', ...attributes },
        }),
      );
    };
    await subscribe(orders);
    await subscribe(strangers, {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn.queue('strangers-dlq') }),
    });
    await subscribe(gossip);

    // Act
    await sns.send(new PublishCommand({ TopicArn: orders, Message: 'from orders' }));
    await sns.send(new PublishCommand({ TopicArn: strangers, Message: 'from strangers' }));
    await sns.send(new PublishCommand({ TopicArn: gossip, Message: 'from gossip' }));
    const received = await drain(sqs, queueUrl);
    const deadLettered = await drain(sqs, dlqUrl);
    const refused = await localCloudIam(cloud.endpoints.sqs).refusedDeliveries();

    // Assess
    expect(received).toEqual(['from orders']);
    expect(deadLettered).toEqual(['from strangers']);
    expect(refused).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          topicArn: strangers,
          queueArn: arn.queue('orders-consumer'),
          deadLetterQueueArn: arn.queue('strangers-dlq'),
          movedToDeadLetterQueue: 1,
          dropped: 0,
        }),
        expect.objectContaining({ topicArn: gossip, movedToDeadLetterQueue: 0, dropped: 1 }),
      ]),
    );
  });
});

/** Receives until the queue answers empty (the deliveries are done when Publish answers). */
const drain = async (sqs: LocalClients['sqs'], queueUrl: string): Promise<string[]> => {
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) return bodies;
    for (const message of Messages) {
      bodies.push(message.Body ?? '');
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    }
  }
};
