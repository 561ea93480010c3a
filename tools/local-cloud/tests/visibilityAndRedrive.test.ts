// Visibility changes, visibility expiry, redrive to a DLQ and DeleteMessage, in both storage
// modes of the local cloud, and what of them a persistent local cloud keeps across a restart.
// fauxqs 2.4.1 lost a message released with ChangeMessageVisibility 0 when persistence was on
// (tools/patches/fauxqs+2.4.1.patch fixes it); the consumers' fast path to the DLQ and the
// serverless plugin's hand-back of records both use that call. It also counted an expired
// in-flight message as in flight until the next receive (patched too: AWS counts it visible).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalCloud,
  type LocalCloudEndpoints,
  type LocalCloudOptions,
  localRegion,
  startLocalCloud,
} from '../src/index.ts';

const anyPorts = { fauxqs: 0, dynamodb: 0, ses: 0 } as const;
const maxReceiveCount = 3;
const kinds = ['standard', 'fifo'] as const;
type QueueKind = (typeof kinds)[number];

// One attempt per call: the SDK's retry of a 500 would hide the broker's own answer behind
// whatever the retry gets.
const sqsClient = (endpoints: LocalCloudEndpoints): SQSClient =>
  new SQSClient({
    region: localRegion,
    endpoint: endpoints.sqs,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

let queueCount = 0;

const createQueue = async (
  sqs: SQSClient,
  kind: QueueKind,
  attributes: Record<string, string> = {},
): Promise<{ url: string; arn: string }> => {
  queueCount += 1;
  const { QueueUrl: url = '' } = await sqs.send(
    new CreateQueueCommand({
      QueueName: kind === 'fifo' ? `visibility-${queueCount}.fifo` : `visibility-${queueCount}`,
      Attributes: {
        VisibilityTimeout: '300',
        ...(kind === 'fifo' ? { FifoQueue: 'true' } : {}),
        ...attributes,
      },
    }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return { url, arn: Attributes?.QueueArn ?? '' };
};

/** A source queue whose redrive policy moves a message to `dlq` after 3 receives. */
const createQueueWithDlq = async (
  sqs: SQSClient,
  kind: QueueKind,
): Promise<{ source: string; dlq: string }> => {
  const dlq = await createQueue(sqs, kind);
  const source = await createQueue(sqs, kind, {
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount }),
  });
  return { source: source.url, dlq: dlq.url };
};

/** Sends `body`; on a FIFO queue in group `group` (default: a group of its own). */
const send = async (
  sqs: SQSClient,
  kind: QueueKind,
  url: string,
  body: string,
  group = body,
): Promise<void> => {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: url,
      MessageBody: body,
      ...(kind === 'fifo' ? { MessageGroupId: group, MessageDeduplicationId: body } : {}),
    }),
  );
};

const receive = async (
  sqs: SQSClient,
  url: string,
  options: { visibilityTimeout?: number; waitTimeSeconds?: number } = {},
): Promise<Message[]> => {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: options.waitTimeSeconds ?? 0,
      MessageSystemAttributeNames: ['All'],
      ...(options.visibilityTimeout === undefined
        ? {}
        : { VisibilityTimeout: options.visibilityTimeout }),
    }),
  );
  return Messages;
};

/** Long-polls until something arrives (a visibility timeout running out, for example). */
const receiveWhenVisible = async (
  sqs: SQSClient,
  url: string,
  visibilityTimeout = 300,
): Promise<Message[]> => {
  for (let poll = 0; poll < 60; poll += 1) {
    const messages = await receive(sqs, url, { visibilityTimeout, waitTimeSeconds: 1 });
    if (messages.length > 0) return messages;
  }
  throw new Error(`nothing became visible on ${url}`);
};

/**
 * Receives from `source` until the redrive policy has moved its message to `dlq` (SQS moves it
 * on a receive of the source queue), then receives it from the DLQ. Also returns whatever the
 * source queue still delivered meanwhile.
 */
const receiveFromDlqOnceMoved = async (
  sqs: SQSClient,
  source: string,
  dlq: string,
): Promise<{ dead: Message[]; deliveredMeanwhile: Message[] }> => {
  const deliveredMeanwhile: Message[] = [];
  for (let poll = 0; poll < 60; poll += 1) {
    deliveredMeanwhile.push(...(await receive(sqs, source, { waitTimeSeconds: 1 })));
    const dead = await receive(sqs, dlq);
    if (dead.length > 0) return { dead, deliveredMeanwhile };
  }
  throw new Error(`nothing reached ${dlq}`);
};

const release = async (sqs: SQSClient, url: string, message: Message): Promise<void> => {
  await sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: url,
      ReceiptHandle: message.ReceiptHandle,
      VisibilityTimeout: 0,
    }),
  );
};

const depths = async (
  sqs: SQSClient,
  url: string,
): Promise<{ visible: number; inFlight: number }> => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(Attributes?.ApproximateNumberOfMessages),
    inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible),
  };
};

const bodies = (messages: readonly Message[]): (string | undefined)[] =>
  messages.map((message) => message.Body);

const receiveCounts = (messages: readonly Message[]): number[] =>
  messages.map((message) => Number(message.Attributes?.ApproximateReceiveCount));

const storageModes: readonly {
  readonly name: string;
  readonly options: () => { options: LocalCloudOptions; dataDir?: string };
}[] = [
  { name: 'in-memory', options: () => ({ options: { inMemory: true, ports: anyPorts } }) },
  {
    name: 'persistent',
    options: () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'local-cloud-visibility-'));
      return { options: { dataDir, ports: anyPorts }, dataDir };
    },
  },
];

describe.each(storageModes)('a $name local cloud', ({ options }) => {
  let cloud: LocalCloud;
  let sqs: SQSClient;
  let dataDir: string | undefined;

  beforeAll(async () => {
    const started = options();
    dataDir = started.dataDir;
    cloud = await startLocalCloud(started.options);
    sqs = sqsClient(cloud.endpoints);
  });

  afterAll(async () => {
    sqs.destroy();
    await cloud.stop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  describe.each(kinds)('on a %s queue', (kind) => {
    it('makes an in-flight message visible at once with ChangeMessageVisibility 0, and counts the next receive', async () => {
      // Prepare
      const { url } = await createQueue(sqs, kind);
      await send(sqs, kind, url, 'released');
      const [first] = await receive(sqs, url);

      // Act
      await release(sqs, url, first!);
      const again = await receive(sqs, url);

      // Assess
      expect(bodies(again)).toEqual(['released']);
      expect(again[0]?.MessageId).toBe(first?.MessageId);
      expect(receiveCounts([first!, ...again])).toEqual([1, 2]);
      expect(await depths(sqs, url)).toEqual({ visible: 0, inFlight: 1 });
    });

    it('counts a message whose visibility timeout ran out as visible, with no receive in between', async () => {
      // Prepare: a timeout of 0 runs out at once, as a DLQ's peeked message does (no one polls a DLQ)
      const { url } = await createQueue(sqs, kind);
      await send(sqs, kind, url, 'peeked');
      const peeked = await receive(sqs, url, { visibilityTimeout: 0 });

      // Act
      const counted = await depths(sqs, url);

      // Assess
      expect(bodies(peeked)).toEqual(['peeked']);
      expect(counted).toEqual({ visible: 1, inFlight: 0 });
    });

    it('keeps a message hidden past its first deadline after ChangeMessageVisibility to N, and shows it after a shorter N', async () => {
      // Prepare
      const { url } = await createQueue(sqs, kind);
      await send(sqs, kind, url, 'extended');
      const [first] = await receive(sqs, url, { visibilityTimeout: 1 });

      // Act
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: first?.ReceiptHandle,
          VisibilityTimeout: 600,
        }),
      );
      // The poll outlasts the first 1 s deadline by a second whatever the machine's load.
      const whileExtended = await receive(sqs, url, { waitTimeSeconds: 2 });
      const depthWhileExtended = await depths(sqs, url);
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: first?.ReceiptHandle,
          VisibilityTimeout: 1,
        }),
      );
      const again = await receiveWhenVisible(sqs, url);

      // Assess
      expect(whileExtended).toEqual([]);
      expect(depthWhileExtended).toEqual({ visible: 0, inFlight: 1 });
      expect(bodies(again)).toEqual(['extended']);
      expect(receiveCounts(again)).toEqual([2]);
    });

    it('releases some messages and extends others with one ChangeMessageVisibilityBatch', async () => {
      // Prepare
      const { url } = await createQueue(sqs, kind);
      for (const body of ['m1', 'm2', 'm3']) await send(sqs, kind, url, body);
      const received = await receive(sqs, url);

      // Act
      const result = await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: url,
          Entries: received.map((message, index) => ({
            Id: `entry-${index}`,
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: message.Body === 'm3' ? 600 : 0,
          })),
        }),
      );
      const again = await receive(sqs, url);

      // Assess
      expect(bodies(received).sort()).toEqual(['m1', 'm2', 'm3']);
      expect(result.Failed ?? []).toEqual([]);
      expect(result.Successful).toHaveLength(3);
      expect(bodies(again).sort()).toEqual(['m1', 'm2']);
      expect(receiveCounts(again)).toEqual([2, 2]);
      expect(await depths(sqs, url)).toEqual({ visible: 0, inFlight: 3 });
    });

    it('makes a message visible again when its visibility timeout runs out, and counts the next receive', async () => {
      // Prepare
      const { url } = await createQueue(sqs, kind);
      await send(sqs, kind, url, 'expires');
      const [first] = await receive(sqs, url, { visibilityTimeout: 1 });

      // Act
      const again = await receiveWhenVisible(sqs, url);

      // Assess
      expect(bodies(again)).toEqual(['expires']);
      expect(again[0]?.MessageId).toBe(first?.MessageId);
      expect(again[0]?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
      expect(receiveCounts(again)).toEqual([2]);
    });

    it('removes a deleted in-flight message for good', async () => {
      // Prepare
      const { url } = await createQueue(sqs, kind);
      await send(sqs, kind, url, 'deleted');
      const [first] = await receive(sqs, url, { visibilityTimeout: 1 });

      // Act
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first?.ReceiptHandle }),
      );
      // Past the 1 s visibility timeout it had: a message not really deleted would be back.
      const after = await receive(sqs, url, { waitTimeSeconds: 2 });

      // Assess
      expect(after).toEqual([]);
      expect(await depths(sqs, url)).toEqual({ visible: 0, inFlight: 0 });
    });

    it.each([
      { releasedBy: 'ChangeMessageVisibility 0', visibilityTimeout: 300 },
      { releasedBy: 'its visibility timeout running out', visibilityTimeout: 1 },
    ])(
      'moves a message to the DLQ on the receive after 3 receives, released by $releasedBy',
      async ({ visibilityTimeout }) => {
        // Prepare
        const { source, dlq } = await createQueueWithDlq(sqs, kind);
        await send(sqs, kind, source, 'poison', 'poison-group');
        const receives: Message[] = [];

        // Act
        for (let attempt = 0; attempt < maxReceiveCount; attempt += 1) {
          const [message] = await receiveWhenVisible(sqs, source, visibilityTimeout);
          receives.push(message!);
          if (visibilityTimeout === 300) await release(sqs, source, message!);
        }
        const { dead, deliveredMeanwhile } = await receiveFromDlqOnceMoved(sqs, source, dlq);

        // Assess
        expect(receiveCounts(receives)).toEqual([1, 2, 3]);
        expect(bodies(dead)).toEqual(['poison']);
        expect(dead[0]?.MessageId).toBe(receives[0]?.MessageId);
        if (kind === 'fifo') expect(dead[0]?.Attributes?.MessageGroupId).toBe('poison-group');
        expect(deliveredMeanwhile).toEqual([]);
        expect(await depths(sqs, source)).toEqual({ visible: 0, inFlight: 0 });
      },
      60_000,
    );
  });
});

describe('a persistent local cloud, across stop and start', () => {
  let cloud: LocalCloud | undefined;
  let sqs: SQSClient | undefined;
  let dataDir: string | undefined;

  /** Starts a persistent cloud on a fresh state directory. */
  const start = async (): Promise<SQSClient> => {
    dataDir = mkdtempSync(join(tmpdir(), 'local-cloud-visibility-'));
    cloud = await startLocalCloud({ dataDir, ports: anyPorts });
    sqs = sqsClient(cloud.endpoints);
    return sqs;
  };

  /** Stops it and starts it again on the same state directory (the ports may change). */
  const restart = async (): Promise<SQSClient> => {
    sqs?.destroy();
    await cloud?.stop();
    cloud = await startLocalCloud({
      ...(dataDir === undefined ? {} : { dataDir }),
      ports: anyPorts,
    });
    sqs = sqsClient(cloud.endpoints);
    return sqs;
  };

  afterEach(async () => {
    sqs?.destroy();
    sqs = undefined;
    await cloud?.stop();
    cloud = undefined;
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  });

  describe.each(kinds)('on a %s queue', (kind) => {
    it('keeps a message released with ChangeMessageVisibility 0 visible, with its receive count', async () => {
      // Prepare
      let client = await start();
      const { url } = await createQueue(client, kind);
      await send(client, kind, url, 'released');
      const [first] = await receive(client, url);
      await release(client, url, first!);

      // Act
      client = await restart();
      const again = await receive(client, url);

      // Assess
      expect(bodies(again)).toEqual(['released']);
      expect(receiveCounts(again)).toEqual([2]);
    });

    it('keeps an extended visibility timeout, and the receipt handle still releases the message', async () => {
      // Prepare
      let client = await start();
      const { url } = await createQueue(client, kind);
      await send(client, kind, url, 'extended');
      const [first] = await receive(client, url, { visibilityTimeout: 1 });
      await client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: first?.ReceiptHandle,
          VisibilityTimeout: 600,
        }),
      );

      // Act
      client = await restart();
      // The poll outlasts the first 1 s deadline, counted from before the restart.
      const whileExtended = await receive(client, url, { waitTimeSeconds: 2 });
      const depthWhileExtended = await depths(client, url);
      await release(client, url, first!);
      const again = await receive(client, url);

      // Assess
      expect(whileExtended).toEqual([]);
      expect(depthWhileExtended).toEqual({ visible: 0, inFlight: 1 });
      expect(bodies(again)).toEqual(['extended']);
      expect(receiveCounts(again)).toEqual([2]);
    });

    it('keeps a shortened visibility timeout', async () => {
      // Prepare
      let client = await start();
      const { url } = await createQueue(client, kind);
      await send(client, kind, url, 'shortened');
      const [first] = await receive(client, url, { visibilityTimeout: 600 });
      await client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: first?.ReceiptHandle,
          VisibilityTimeout: 1,
        }),
      );

      // Act
      client = await restart();
      const again = await receiveWhenVisible(client, url);

      // Assess
      expect(bodies(again)).toEqual(['shortened']);
      expect(receiveCounts(again)).toEqual([2]);
    });

    it('counts receives from before a restart towards the DLQ, and keeps the dead letter', async () => {
      // Prepare
      let client = await start();
      const { source, dlq } = await createQueueWithDlq(client, kind);
      await send(client, kind, source, 'poison');
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const [message] = await receive(client, source);
        await release(client, source, message!);
      }

      // Act
      client = await restart();
      const [third] = await receive(client, source);
      await release(client, source, third!);
      const fourth = await receive(client, source);
      client = await restart();
      const dead = await receive(client, dlq);

      // Assess
      expect(receiveCounts([third!])).toEqual([3]);
      expect(fourth).toEqual([]);
      expect(bodies(dead)).toEqual(['poison']);
      expect(await depths(client, source)).toEqual({ visible: 0, inFlight: 0 });
    });
  });

  it('keeps a FIFO group in order after a batch release, and a deleted message deleted', async () => {
    // Prepare
    let client = await start();
    const { url } = await createQueue(client, 'fifo');
    for (const body of ['A1', 'A2', 'A3']) await send(client, 'fifo', url, body, 'A');
    const [a1, a2, a3] = await receive(client, url);
    await client.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: a1?.ReceiptHandle }),
    );
    // Released in reverse, as a consumer handing back a failed tail may do.
    const released = await client.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [a3!, a2!].map((message, index) => ({
          Id: `entry-${index}`,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 0,
        })),
      }),
    );

    // Act
    client = await restart();
    const again = await receive(client, url);

    // Assess
    expect(released.Failed ?? []).toEqual([]);
    expect(bodies(again)).toEqual(['A2', 'A3']);
    expect(receiveCounts(again)).toEqual([2, 2]);
  });
});
