import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import {
  functionAccessKeyId,
  type LocalCloud,
  localCloudIam,
  startLocalCloud,
} from '@conveyor/local-cloud';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutcome } from './fixture-service/src/awsCalls.ts';
import { type OfflineProcess, startOffline } from './support/startOffline.ts';
import { waitFor } from './support/waitFor.ts';

const stage = 'test-iam';
const prefix = `slc-iam-${stage}`;
const account = '000000000000';
const queueArn = (name: string): string => `arn:aws:sqs:us-east-1:${account}:${prefix}-${name}`;
const tableArn = `arn:aws:dynamodb:us-east-1:${account}:table/${prefix}-calls`;
const callerRole = `${prefix}-caller-us-east-1-lambdaRole`;
const callerPrincipal = `arn:aws:sts::${account}:assumed-role/${callerRole}/${prefix}-caller`;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

let cloud: LocalCloud | undefined;
let offline: OfflineProcess | undefined;

const localCloud = (): LocalCloud => {
  if (cloud === undefined) throw new Error('no local cloud');
  return cloud;
};

const call = async (what: string): Promise<CallOutcome> => {
  const response = await fetch(`${offline?.httpUrl ?? ''}/call/${what}`);
  return (await response.json()) as CallOutcome;
};

beforeAll(async () => {
  cloud = await startLocalCloud({
    inMemory: true,
    iam: true,
    ports: { fauxqs: 0, dynamodb: 0, ses: 0 },
  });
  offline = await startOffline({
    ports: cloud.ports,
    buildName: 'iam',
    stage,
    config: 'serverless.iam.yml',
  });
  await offline.waitForOutput(/serverless-local-cloud: polling 1 SQS event source/);
});

afterAll(async () => {
  await offline?.stop();
  await cloud?.stop();
});

describe('each function has its own identity', () => {
  it('registers every function with its own role, ARNs resolved to the local cloud', async () => {
    // Act
    const functions = await localCloudIam(localCloud().endpoints.sqs).functions();

    // Assess
    expect(functions.map((fn) => fn.accessKeyId).sort()).toEqual([
      functionAccessKeyId('slc-iam', stage, 'caller'),
      functionAccessKeyId('slc-iam', stage, 'consumer'),
    ]);
    const caller = functions.find((fn) => fn.functionKey === 'caller');
    expect(caller).toMatchObject({ functionName: `${prefix}-caller`, roleName: callerRole });
    expect(caller?.statements).toEqual(
      expect.arrayContaining([
        { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: queueArn('granted') },
        { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: tableArn },
      ]),
    );
    const consumer = functions.find((fn) => fn.functionKey === 'consumer');
    expect(consumer?.statements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
          Resource: [queueArn('granted')],
        },
      ]),
    );
  });

  it('runs a function with its own credentials: its role allows some calls and refuses others with AWS errors', async () => {
    // Act
    const whoami = await call('whoami');
    const granted = await call('send-granted');
    const other = await call('send-other');
    const read = await call('read-table');
    const write = await call('write-table');

    // Assess
    expect(whoami).toEqual({
      ok: true,
      accessKeyId: functionAccessKeyId('slc-iam', stage, 'caller'),
    });
    expect(granted).toEqual({ ok: true });
    expect(other).toEqual({
      ok: false,
      name: 'AccessDenied',
      status: 403,
      message: `User: ${callerPrincipal} is not authorized to perform: sqs:SendMessage on resource: ${queueArn('other')} because no identity-based policy allows the sqs:SendMessage action`,
    });
    expect(read).toEqual({ ok: true });
    expect(write).toMatchObject({ ok: false, name: 'AccessDeniedException', status: 400 });
  });

  it("polls an event source with the consumer's role, and the consumer writes with it", async () => {
    // Prepare
    const { endpoints } = localCloud();
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: endpoints.sqs, credentials });
    const dynamodb = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: endpoints.dynamodb,
      credentials,
    });
    const iam = localCloudIam(endpoints.sqs);
    const consumerKey = functionAccessKeyId('slc-iam', stage, 'consumer');
    const body = `consumed-${String(Date.now())}`;

    // Act
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: `${endpoints.sqs}/${account}/${prefix}-granted`,
        MessageBody: body,
      }),
    );
    await waitFor(
      'the consumer wrote the message to the table',
      async () =>
        (
          await dynamodb.send(
            new GetItemCommand({ TableName: `${prefix}-calls`, Key: { id: { S: body } } }),
          )
        ).Item !== undefined || undefined,
    );
    // The poller deletes the message once the invocation has returned, after the write.
    await waitFor('the poller deleted the consumed message', async () => {
      const { Attributes: attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: `${endpoints.sqs}/${account}/${prefix}-granted`,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return (
        (attributes?.ApproximateNumberOfMessages === '0' &&
          attributes.ApproximateNumberOfMessagesNotVisible === '0') ||
        undefined
      );
    });
    const decisions = await iam.decisions(consumerKey);
    sqs.destroy();
    dynamodb.destroy();

    // Assess
    expect(decisions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'sqs:ReceiveMessage',
          resource: queueArn('granted'),
          decision: 'Allowed',
        }),
        expect.objectContaining({
          action: 'sqs:DeleteMessage',
          resource: queueArn('granted'),
          decision: 'Allowed',
        }),
        expect.objectContaining({
          action: 'dynamodb:PutItem',
          resource: tableArn,
          decision: 'Allowed',
        }),
      ]),
    );
  });
});

describe('event source permissions', () => {
  it("refuses to poll a queue the function's role may not receive from, with AWS's message", async () => {
    // Prepare
    const noPoll = await startOffline({
      ports: localCloud().ports,
      buildName: 'iam-no-poll',
      stage,
      config: 'serverless.iam-no-poll.yml',
    });

    // Act
    const code = await noPoll.exited;

    // Assess
    expect(code).toBe(1);
    expect(noPoll.output()).toContain(
      'functions.consumer: its sqs event on slc-iam-no-poll-test-iam-work cannot be created: "Invalid request provided: The provided execution role does not have permissions to call ReceiveMessage on SQS"',
    );
  });
});
