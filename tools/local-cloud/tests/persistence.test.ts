import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateEmailTemplateCommand,
  GetEmailTemplateCommand,
  SendEmailCommand,
} from '@aws-sdk/client-sesv2';
import {
  CreateQueueCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalCloud, type LocalCloudEndpoints, startLocalCloud } from '../src/index.ts';
import { localClients } from './support/localClients.ts';
import { type RunningScript, runScript } from './support/runScript.ts';

const mainScript = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const anyPorts = { fauxqs: 0, dynamodb: 0, ses: 0 } as const;

let dataDir: string | undefined;
let first: LocalCloud | undefined;
let cloud: LocalCloud | undefined;
let script: RunningScript | undefined;

const newDataDir = (): string => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-cloud-state-'));
  return dataDir;
};

afterEach(async () => {
  script?.kill();
  script = undefined;
  await first?.stop();
  first = undefined;
  await cloud?.stop();
  cloud = undefined;
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

/** Writes one of everything; returns the ids to look for after a restart. */
const writeState = async (
  endpoints: LocalCloudEndpoints,
): Promise<{ mailId: string | undefined }> => {
  const clients = localClients(endpoints);
  try {
    const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: 'kept' }));
    await clients.sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'queued before restart' }),
    );
    await clients.dynamodb.send(
      new CreateTableCommand({
        TableName: 'kept',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    // Even with createTableMs 0, dynalite answers CREATING first, like AWS.
    await waitUntilTableExists(
      { client: clients.dynamodb, minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
      { TableName: 'kept' },
    );
    await clients.dynamodb.send(
      new PutItemCommand({ TableName: 'kept', Item: { id: { S: 'row-1' }, note: { S: 'kept' } } }),
    );
    await clients.s3.send(new CreateBucketCommand({ Bucket: 'kept-bucket' }));
    await clients.s3.send(
      new PutObjectCommand({ Bucket: 'kept-bucket', Key: 'label.pdf', Body: 'pdf bytes' }),
    );
    await clients.ses.send(
      new CreateEmailTemplateCommand({
        TemplateName: 'kept-template',
        TemplateContent: { Subject: 'Hi {{name}}', Text: 'Hello {{name}}' },
      }),
    );
    const { MessageId } = await clients.ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'shop@example.com',
        Destination: { ToAddresses: ['customer@example.com'] },
        Content: {
          Simple: { Subject: { Data: 'Kept mail' }, Body: { Text: { Data: 'still here' } } },
        },
      }),
    );
    return { mailId: MessageId };
  } finally {
    clients.destroy();
  }
};

/** Reads back what writeState wrote. */
const readState = async (endpoints: LocalCloudEndpoints) => {
  const clients = localClients(endpoints);
  try {
    const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: 'kept' }));
    const { Messages } = await clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    const { Item } = await clients.dynamodb.send(
      new GetItemCommand({ TableName: 'kept', Key: { id: { S: 'row-1' } } }),
    );
    const object = await clients.s3.send(
      new GetObjectCommand({ Bucket: 'kept-bucket', Key: 'label.pdf' }),
    );
    const template = await clients.ses.send(
      new GetEmailTemplateCommand({ TemplateName: 'kept-template' }),
    );
    const store = (await (await fetch(`${endpoints.sesv2}/store`)).json()) as {
      emails: { messageId: string; subject: string }[];
    };
    return {
      messages: (Messages ?? []).map((message) => message.Body),
      note: Item?.note?.S,
      object: await object.Body?.transformToString(),
      templateSubject: template.TemplateContent?.Subject,
      mails: store.emails.map((mail) => ({ messageId: mail.messageId, subject: mail.subject })),
    };
  } finally {
    clients.destroy();
  }
};

const portsFromReadyLine = (line: string) => {
  const port = (pattern: RegExp): number => Number(pattern.exec(line)?.[1]);
  return {
    fauxqs: port(/sqs\/sns\/s3 http:\/\/127\.0\.0\.1:(\d+)/),
    dynamodb: port(/dynamodb http:\/\/127\.0\.0\.1:(\d+)/),
    ses: port(/ses http:\/\/127\.0\.0\.1:(\d+)/),
  };
};

const endpointsOf = (ports: {
  fauxqs: number;
  dynamodb: number;
  ses: number;
}): LocalCloudEndpoints => ({
  sqs: `http://127.0.0.1:${ports.fauxqs}`,
  sns: `http://127.0.0.1:${ports.fauxqs}`,
  s3: `http://127.0.0.1:${ports.fauxqs}`,
  dynamodb: `http://127.0.0.1:${ports.dynamodb}`,
  sesv2: `http://127.0.0.1:${ports.ses}`,
  inbox: `http://127.0.0.1:${ports.ses}/`,
});

describe('persistence', () => {
  it('keeps a queued message, a table row, an object, a template and a mail across stop and start', async () => {
    // Prepare
    const dir = newDataDir();
    first = await startLocalCloud({ dataDir: dir, ports: anyPorts });
    const { mailId } = await writeState(first.endpoints);
    await first.stop();

    // Act
    cloud = await startLocalCloud({ dataDir: dir, ports: anyPorts });
    const state = await readState(cloud.endpoints);

    // Assess
    expect(state).toEqual({
      messages: ['queued before restart'],
      note: 'kept',
      object: 'pdf bytes',
      templateSubject: 'Hi {{name}}',
      mails: [{ messageId: mailId, subject: 'Kept mail' }],
    });
  });

  it('keeps everything when the process is killed with SIGKILL', async () => {
    // Prepare
    const dir = newDataDir();
    script = runScript(mainScript, ['--data-dir', dir, '--ports', '0,0,0']);
    const [readyLine = ''] = await script.waitForOutput(/local cloud ready:.*/);
    const { mailId } = await writeState(endpointsOf(portsFromReadyLine(readyLine)));

    // Act
    script.child.kill('SIGKILL');
    await script.waitForExit();
    cloud = await startLocalCloud({ dataDir: dir, ports: anyPorts });
    const state = await readState(cloud.endpoints);

    // Assess
    expect(state).toEqual({
      messages: ['queued before restart'],
      note: 'kept',
      object: 'pdf bytes',
      templateSubject: 'Hi {{name}}',
      mails: [{ messageId: mailId, subject: 'Kept mail' }],
    });
  });

  it('keeps nothing with inMemory', async () => {
    // Prepare
    first = await startLocalCloud({ inMemory: true, ports: anyPorts });
    await writeState(first.endpoints);
    await first.stop();

    // Act
    cloud = await startLocalCloud({ inMemory: true, ports: anyPorts });
    const store = (await (await fetch(`${cloud.endpoints.sesv2}/store`)).json()) as {
      emails: unknown[];
    };
    const clients = localClients(cloud.endpoints);
    const queue = clients.sqs.send(new GetQueueUrlCommand({ QueueName: 'kept' }));

    // Assess
    try {
      expect(store.emails).toEqual([]);
      await expect(queue).rejects.toThrow();
    } finally {
      clients.destroy();
    }
  });

  it('refuses a state directory another running local cloud uses', async () => {
    // Prepare
    const dir = newDataDir();
    cloud = await startLocalCloud({ dataDir: dir, ports: anyPorts });

    // Act
    script = runScript(mainScript, ['--data-dir', dir, '--ports', '0,0,0']);
    const { code } = await script.waitForExit();

    // Assess
    expect(code).toBe(1);
    expect(script.stderr()).toContain(
      `State directory ${dir} is in use by another local cloud (pid ${process.pid})`,
    );
  });
});
