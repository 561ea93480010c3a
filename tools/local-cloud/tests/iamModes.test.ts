import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  functionAccessKeyId,
  type LocalCloud,
  type LocalCloudPorts,
  localAccountId,
  localCloudIam,
  localRegion,
  startLocalCloud,
} from '../src/index.ts';
import { localClients } from './support/localClients.ts';

const anyPorts = { fauxqs: 0, dynamodb: 0, ses: 0 } as const;

let cloud: LocalCloud | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('IAM enforcement off', () => {
  it('allows unsigned S3 reads and any function key, and has no IAM API', async () => {
    // Prepare
    cloud = await startLocalCloud({ inMemory: true, ports: anyPorts });
    const admin = localClients(cloud.endpoints);
    await admin.s3.send(new CreateBucketCommand({ Bucket: 'open' }));
    await admin.s3.send(new PutObjectCommand({ Bucket: 'open', Key: 'a.txt', Body: 'open' }));
    const { QueueUrl } = await admin.sqs.send(new CreateQueueCommand({ QueueName: 'open' }));
    const unregistered = localClients(cloud.endpoints, {
      accessKeyId: functionAccessKeyId('svc', 'local', 'fn'),
      secretAccessKey: 'whatever',
    });

    // Act
    const unsigned = await fetch(`${cloud.endpoints.s3}/open/a.txt`);
    const sent = await unregistered.sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'allowed' }),
    );
    const enforcing = await localCloudIam(cloud.endpoints.sqs).enforcing();
    admin.destroy();
    unregistered.destroy();

    // Assess
    expect(cloud.iam).toBe(false);
    expect(unsigned.status).toBe(200);
    expect(await unsigned.text()).toBe('open');
    expect(sent.MessageId).toEqual(expect.any(String));
    expect(enforcing).toBe(false);
  });
});

describe('IAM enforcement with a data dir', () => {
  it('keeps registered functions, their secrets and statement overrides across a restart', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'iam-persist-'));
    dirs.push(dataDir);
    cloud = await startLocalCloud({ dataDir, iam: true, ports: anyPorts });
    const ports: LocalCloudPorts = cloud.ports;
    const queueArn = `arn:aws:sqs:${localRegion}:${localAccountId}:kept`;
    const admin = localClients(cloud.endpoints);
    const { QueueUrl } = await admin.sqs.send(new CreateQueueCommand({ QueueName: 'kept' }));
    admin.destroy();
    const [credentials] = await localCloudIam(cloud.endpoints.sqs).registerFunctions([
      {
        service: 'svc',
        stage: 'local',
        functionKey: 'sender',
        functionName: 'svc-local-sender',
        roleName: 'svc-local-sender-role',
        statements: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn }],
      },
    ]);
    if (credentials === undefined) throw new Error('no credentials');
    await localCloudIam(cloud.endpoints.sqs).overrideStatements(credentials.accessKeyId, []);
    await cloud.stop();

    // Act
    cloud = await startLocalCloud({ dataDir, iam: true, ports });
    const iam = localCloudIam(cloud.endpoints.sqs);
    const sender = localClients(cloud.endpoints, credentials);
    const send = (): Promise<unknown> =>
      sender.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'kept' }));
    const whileOverridden = await send().then(
      () => 'sent',
      (error: unknown) => (error as Error).name,
    );
    await iam.restoreStatements(credentials.accessKeyId);
    const afterRestore = await send().then(
      () => 'sent',
      (error: unknown) => (error as Error).name,
    );
    sender.destroy();
    const functions = await iam.functions();

    // Assess
    expect(whileOverridden).toBe('AccessDenied');
    expect(afterRestore).toBe('sent');
    expect(functions.map((fn) => fn.accessKeyId)).toEqual([credentials.accessKeyId]);
    expect(functions[0]?.statements).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn },
    ]);
  });
});
