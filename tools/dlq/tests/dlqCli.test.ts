// The command as operators run it: `node tools/dlq/src/main.ts` (what `npm run dlq --` runs),
// its output and exit codes, against a real in-memory local cloud.
import { spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { buildEvent, exampleEventData } from '@conveyor/event-types';
import { freePorts } from '@conveyor/local-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDeadLetterQueue } from '../src/deadLetterQueues.ts';
import {
  type DlqTestCloud,
  failUntilDeadLettered,
  queueDepth,
  sendToSource,
  startDlqTestCloud,
} from './support/dlqTestCloud.ts';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const runDlq = (args: readonly string[], env: Record<string, string>): Promise<Run> =>
  new Promise((resolve, reject) => {
    // stdin is /dev/null: not a terminal, as in CI or a pipe.
    const child = spawn(process.execPath, [main, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });

let cloud: DlqTestCloud;

beforeAll(async () => {
  cloud = await startDlqTestCloud();
});

afterAll(async () => {
  await cloud.stop();
});

describe('dlq command line', () => {
  it('lists the DLQs of the local stage with their depth', async () => {
    // Prepare
    const queue = findDeadLetterQueue('local', 'inventory-orders');
    await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, { body: '{}' });
    await failUntilDeadLettered(cloud, queue, 1);

    // Act
    const run = await runDlq(['list', '--stage', 'local'], cloud.env);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `DLQs of the local cloud on 127.0.0.1:${cloud.cloud.ports.fauxqs}`,
    );
    expect(run.stdout).toMatch(/conveyor-local-inventory-orders-dlq\.fifo\s+inventory\s+1\s+1\s+0/);
    expect(run.stdout).toMatch(/conveyor-local-marketing-audience-dlq\s+marketing\s+0/);
  });

  it('peeks and redrives by short name, with JSON output for scripts', async () => {
    // Prepare
    const queue = findDeadLetterQueue('local', 'email-notifications');
    await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, { body: '{"eventType":1}' });
    await failUntilDeadLettered(cloud, queue, 1);

    // Act
    const peek = await runDlq(['peek', 'email-notifications', '--json'], cloud.env);
    const redrive = await runDlq(['redrive', 'email-notifications'], cloud.env);

    // Assess
    expect(peek.code).toBe(0);
    const peeked = JSON.parse(peek.stdout) as { messages: { envelope: { valid: boolean } }[] };
    expect(peeked.messages).toHaveLength(1);
    expect(peeked.messages[0]?.envelope.valid).toBe(false);
    expect(redrive.code).toBe(0);
    expect(redrive.stdout).toContain(
      'Moved 1 message(s) from conveyor-local-email-notifications-dlq.fifo to conveyor-local-email-notifications.fifo (manual)',
    );
    expect(await queueDepth(cloud.sqs, cloud.urls(queue).source)).toBe(1);
  });

  it('redrives all but the messages --keep names, and refuses an id the DLQ does not hold (exit 2)', async () => {
    // Prepare: a poison and the message behind it in its group, both dead-lettered.
    const queue = findDeadLetterQueue('local', 'inventory-shipments');
    for (const body of ['poison for --keep', '{"eventType":"behind the poison"}']) {
      await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, { body, groupId: 'g-keep' });
    }
    await failUntilDeadLettered(cloud, queue, 2);
    const peek = await runDlq(['peek', 'inventory-shipments', '--json', '--body'], cloud.env);
    const { messages } = JSON.parse(peek.stdout) as {
      messages: { messageId: string; body: string }[];
    };
    const poisonId = messages.find((message) => message.body === 'poison for --keep')?.messageId;
    if (poisonId === undefined) throw new Error('the poison is not in the DLQ');

    // Act
    const typo = await runDlq(['redrive', 'inventory-shipments', '--keep', 'm-typo'], cloud.env);
    const redrive = await runDlq(['redrive', 'inventory-shipments', '--keep', poisonId], cloud.env);

    // Assess
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('holds no message m-typo; nothing was moved.');
    expect(redrive.code).toBe(0);
    expect(redrive.stdout).toContain('Moved 1 message(s)');
    expect(redrive.stdout).toContain(
      `kept ${poisonId} in conveyor-local-inventory-shipments-dlq.fifo, now `,
    );
    expect(await queueDepth(cloud.sqs, cloud.urls(queue).source)).toBe(1);
    expect(await queueDepth(cloud.sqs, cloud.urls(queue).dlq)).toBe(1);
  });

  it('prints bodies, which hold customer data, in peek --json only with --body', async () => {
    // Prepare
    const queue = findDeadLetterQueue('local', 'checkout-order-status');
    const event = buildEvent({
      eventType: 'order.placed',
      version: 1,
      aggregateId: 'ord-cli-json',
      data: exampleEventData['order.placed'](),
    });
    const body = JSON.stringify({ ...event, data: { ...event.data, currency: 42 } });
    await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, {
      body,
      groupId: event.aggregateId,
      attributes: { eventType: event.eventType, correlationId: event.metadata.correlationId },
    });
    await failUntilDeadLettered(cloud, queue, 1);

    // Act
    const withoutBody = await runDlq(['peek', 'checkout-order-status', '--json'], cloud.env);
    const withBody = await runDlq(['peek', 'checkout-order-status', '--json', '--body'], cloud.env);

    // Assess
    expect(withoutBody.code).toBe(0);
    expect(withoutBody.stdout).not.toContain(event.data.customer.email);
    expect(withoutBody.stdout).not.toContain(event.data.shippingAddress.line1);
    const [message] = (JSON.parse(withoutBody.stdout) as { messages: Record<string, unknown>[] })
      .messages;
    expect(message).not.toHaveProperty('body');
    expect(message?.messageId).toMatch(/^[\w-]+$/);
    expect(message).toMatchObject({
      messageGroupId: 'ord-cli-json',
      messageAttributes: {
        eventType: 'order.placed',
        correlationId: event.metadata.correlationId,
      },
      envelope: {
        valid: false,
        eventId: event.eventId,
        problems: [expect.objectContaining({ path: '$.data.currency' })],
      },
    });
    expect(withBody.code).toBe(0);
    const peekedWithBody = JSON.parse(withBody.stdout) as { messages: { body?: string }[] };
    expect(peekedWithBody.messages[0]?.body).toBe(body);
  });

  it('refuses to purge without a terminal and without --yes, and purges with --yes', async () => {
    // Prepare
    const queue = findDeadLetterQueue('local', 'shipping-requests');
    await sendToSource(cloud.sqs, queue, cloud.urls(queue).source, { body: '{}' });
    await failUntilDeadLettered(cloud, queue, 1);

    // Act
    const refused = await runDlq(['purge', 'shipping-requests'], cloud.env);
    const depthAfterRefusal = await queueDepth(cloud.sqs, cloud.urls(queue).dlq);
    const purged = await runDlq(['purge', 'shipping-requests', '--yes'], cloud.env);

    // Assess
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not a terminal. Pass --yes');
    expect(depthAfterRefusal).toBe(1);
    expect(purged.code).toBe(0);
    expect(purged.stdout).toContain('1 message(s) deleted');
    expect(await queueDepth(cloud.sqs, cloud.urls(queue).dlq)).toBe(0);
  });

  it('names the known DLQs for an unknown queue (exit 2)', async () => {
    // Act
    const run = await runDlq(['peek', 'inventory-order'], cloud.env);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown queue "inventory-order"');
    expect(run.stderr).toContain('inventory-orders-dlq.fifo');
  });

  it('refuses a move task where SQS has none, naming the method that works (exit 2)', async () => {
    // Act
    const run = await runDlq(['redrive', 'inventory-orders', '--method', 'move-task'], cloud.env);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('does not support StartMessageMoveTask; use --method manual');
  });

  it('says how to start the local cloud when it is not running (exit 1)', async () => {
    // Prepare
    const [fauxqs, dynamodb, ses] = await freePorts(3);

    // Act
    const run = await runDlq(['list'], {
      CONVEYOR_LOCAL_PORTS: `fauxqs=${fauxqs},dynamodb=${dynamodb},ses=${ses}`,
    });

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The local cloud is not running on 127.0.0.1:${fauxqs}`);
    expect(run.stderr).toContain('npm run local-cloud');
  });

  it('says the local cloud does not answer, not that it is not running, when its port is taken by a silent process (exit 1)', async () => {
    // Prepare: a listener that takes connections and never answers, as a stopped local cloud.
    const silent = createServer(() => {
      // Takes the connection and says nothing.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const [dynamodb, ses] = await freePorts(2);

    // Act
    let run: Awaited<ReturnType<typeof runDlq>>;
    try {
      run = await runDlq(['list'], {
        CONVEYOR_LOCAL_PORTS: `fauxqs=${port},dynamodb=${dynamodb},ses=${ses}`,
      });
    } finally {
      silent.close();
    }

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `The local cloud on 127.0.0.1:${port} takes connections but did not answer its health check`,
    );
    expect(run.stderr).not.toContain('is not running');
  });

  it('says which credentials are missing for an AWS stage (exit 1)', async () => {
    // Prepare: no credentials anywhere: a HOME without ~/.aws, no instance metadata.
    const env = {
      HOME: '/nonexistent',
      AWS_REGION: 'eu-west-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    };

    // Act
    const run = await runDlq(['list', '--stage', 'dev'], env);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No AWS credentials for stage "dev" in AWS');
    expect(run.stderr).toContain('--profile');
  });
});
