// `npm run trace` on the running system: npm start's supervisor with the five order-flow services
// keeps their logs; orders go through it; the trace reads those logs and the local cloud's
// queues, as an operator running `npm run trace -- <orderId>` would.
import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { localAccountId, localRegion } from '@conveyor/local-cloud';
import {
  boundedFetch,
  type LocalSystem,
  orderFlowServices,
  type RevokedPermission,
  revokePermission,
  startLocalSystem,
  waitFor,
} from '@conveyor/service-testing';
import { runReplayCli } from '@conveyor/replay';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Verdict } from '../src/diagnose.ts';
import { runTraceCli } from '../src/runTraceCli.ts';

let system: LocalSystem;
let sqs: SQSClient;
let sns: SNSClient;
let revoked: RevokedPermission | undefined;

beforeAll(async () => {
  system = await startLocalSystem();
  const base = {
    endpoint: system.cloudEndpoint,
    region: localRegion,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  sqs = new SQSClient(base);
  sns = new SNSClient(base);
});

afterEach(async () => {
  await revoked?.restore();
  revoked = undefined;
});

afterAll(async () => {
  sqs.destroy();
  sns.destroy();
  await system.stop();
});

/** What `--json` prints, as far as these tests read it. */
interface TraceJson {
  readonly orderIds: string[];
  readonly correlationIds: string[];
  readonly steps: {
    service: string;
    functionName?: string;
    eventType?: string;
    route?: string;
    outcome: string;
    hopMs?: number;
    hopFrom?: { service: string };
  }[];
  readonly diagnosis: { verdict: Verdict; findings: Finding[] };
}

const trace = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const code = await runTraceCli([...args, '--logs-dir', system.logsDir], {
    env: { CONVEYOR_LOCAL_PORTS: system.localPorts },
    out: (text) => (out += `${text}\n`),
    err: (text) => (err += `${text}\n`),
  });
  return { code, out, err };
};

/** `npm run replay` on the running system, as an operator runs it. */
const replay = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const code = await runReplayCli(args, {
    env: { CONVEYOR_LOCAL_PORTS: system.localPorts },
    out: (text) => (out += `${text}\n`),
    err: (text) => (err += `${text}\n`),
    progress: { write: () => undefined, terminal: false },
  });
  return { code, out, err };
};

const traceJson = async (id: string): Promise<TraceJson | undefined> => {
  const { code, out } = await trace(id, '--json');
  return code === 0 ? (JSON.parse(out) as TraceJson) : undefined;
};

const placeOrder = async (correlationId: string, marketingOptIn: boolean): Promise<string> => {
  const response = await boundedFetch(`${system.http.checkout}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
    body: JSON.stringify({
      customer: {
        id: `cus-trace-${correlationId}`,
        email: 'trace@example.com',
        name: 'Ada Lovelace',
      },
      lines: [{ sku: 'MUG-LOGO', quantity: 1 }],
      shippingAddress: {
        name: 'Ada Lovelace',
        line1: '12 Analytical Row',
        city: 'London',
        postalCode: 'NW1 6XE',
        country: 'GB',
      },
      currency: 'GBP',
      marketingOptIn,
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { orderId: string }).orderId;
};

const statusOf = async (orderId: string): Promise<string | undefined> => {
  const response = await boundedFetch(`${system.http.checkout}/orders/${orderId}`);
  return response.ok ? ((await response.json()) as { status: string }).status : undefined;
};

const waitForStatus = (orderId: string, status: string): Promise<true> =>
  waitFor(async () => ((await statusOf(orderId)) === status ? true : undefined), {
    description: `order ${orderId} ${status}`,
    intervalMs: 500,
  });

/** Waits until the trace of `id` says what `accept` looks for, and returns that trace. */
const waitForTrace = (
  id: string,
  description: string,
  accept: (trace: TraceJson) => boolean,
): Promise<TraceJson> =>
  waitFor(
    async () => {
      const found = await traceJson(id);
      return found !== undefined && accept(found) ? found : undefined;
    },
    { description: `the trace of ${id}: ${description}`, intervalMs: 1_000 },
  );

const depthOf = async (queueName: string): Promise<number> => {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
};

const handled = (found: TraceJson, service: string, eventType: string): boolean =>
  found.steps.some(
    (step) =>
      step.service === service && step.eventType === eventType && step.outcome === 'handled',
  );

describe('npm run trace on the running system', () => {
  it('prints the whole timeline of a shipped order across the five services, by order id or correlation id', async () => {
    // Prepare
    const correlationId = `trace-shipped-${randomUUID().slice(0, 8)}`;
    const orderId = await placeOrder(correlationId, true);
    await waitForStatus(orderId, 'SHIPPED');
    // "done" does not wait for marketing: its subscription filters on the body, which the trace
    // does not read, and its batching window can hold the order after SHIPPED. This order opted in.
    await waitForTrace(
      orderId,
      'done, marketing included',
      (found) => found.diagnosis.verdict === 'done' && handled(found, 'marketing', 'order.placed'),
    );

    // Act
    const byOrder = await trace(orderId);
    const byCorrelation = await traceJson(correlationId);
    const json = await traceJson(orderId);

    // Assess
    expect(byOrder).toMatchObject({ code: 0, err: '' });
    expect(byOrder.out).toContain(`Order ${orderId}  correlation ${correlationId}`);
    expect(byOrder.out).toContain(
      'Where it is: done, every event reached every consumer it goes to',
    );
    expect(byOrder.out).toMatch(/Queues and DLQs read from the local cloud on 127\.0\.0\.1:\d+\./);
    expect(json?.orderIds).toEqual([orderId]);
    expect(json?.correlationIds).toEqual([correlationId]);
    expect(byCorrelation?.steps).toEqual(json?.steps);
    const steps = json?.steps ?? [];
    expect(new Set(steps.map((step) => step.service))).toEqual(new Set(orderFlowServices));
    expect(steps[0]).toMatchObject({
      service: 'checkout',
      functionName: 'postCheckout',
      route: 'POST /checkout',
    });
    const hops = [
      ['inventory', 'onOrderPlaced', 'order.placed', 'checkout'],
      ['email', 'onNotificationEvent', 'order.placed', 'checkout'],
      ['marketing', 'onAudienceEvent', 'order.placed', 'checkout'],
      ['shipping', 'onInventoryReserved', 'inventory.reserved', 'inventory'],
      ['checkout', 'onOrderProgress', 'inventory.reserved', 'inventory'],
      ['checkout', 'onOrderProgress', 'shipment.created', 'shipping'],
      ['email', 'onNotificationEvent', 'shipment.created', 'shipping'],
      ['inventory', 'onShipmentCreated', 'shipment.created', 'shipping'],
    ] as const;
    for (const [service, functionName, eventType, from] of hops) {
      const step = steps.find((each) => each.service === service && each.eventType === eventType);
      expect(step, `${service} ${eventType}`).toMatchObject({
        functionName,
        outcome: 'handled',
        hopFrom: { service: from },
      });
      // A hop is measured between two processes' log lines (0 when the consumer logged first).
      expect(step?.hopMs, `${service} ${eventType}`).toBeTypeOf('number');
    }
    for (const [service, , eventType] of hops) {
      expect(byOrder.out).toMatch(
        new RegExp(`\\+[\\d.]+ m?s\\s+${service}\\s+\\w+\\s+${eventType.replace('.', '\\.')}`),
      );
    }
  });

  it('names the failing handler of an order whose consumer keeps failing', async () => {
    // Prepare: shipping may no longer publish, so it fails every delivery of the order's
    // inventory.reserved (after storing the shipment), and the queue retries it.
    revoked = await revokePermission(system.cloudEndpoint, {
      service: 'conveyor-shipping',
      functionKey: 'onInventoryReserved',
      action: 'sns:Publish',
    });
    const orderId = await placeOrder(`trace-failing-${randomUUID().slice(0, 8)}`, false);
    await revoked.waitForDenial();
    await waitForTrace(orderId, 'shipping failing', (found) =>
      found.diagnosis.findings.some(
        (finding) => finding.kind === 'failing' && finding.consumer === 'shipping',
      ),
    );

    // Act
    const { code, out } = await trace(orderId);
    const json = await traceJson(orderId);

    // Assess
    expect(code).toBe(0);
    expect(out).toContain(
      'Where it is: STUCK at shipping onInventoryReserved (inventory.reserved)',
    );
    expect(out).toMatch(
      /STUCK {2}shipping onInventoryReserved fails inventory\.reserved [\w-]+: \d+ failed deliver(y|ies)/,
    );
    expect(out).toMatch(/reason: .*not authorized to perform: SNS:Publish/);
    expect(out).toMatch(/conveyor-local-shipping-requests\.fifo: \d+ visible, \d+ in flight/);
    expect(json?.diagnosis.verdict).toBe('stuck');
    const failing = json?.diagnosis.findings.find((finding) => finding.kind === 'failing');
    expect(failing).toMatchObject({
      consumer: 'shipping',
      functionName: 'onInventoryReserved',
      eventType: 'inventory.reserved',
      permanent: false,
      queue: { name: 'conveyor-local-shipping-requests.fifo', exists: true },
    });
    expect(handled(json!, 'checkout', 'inventory.reserved')).toBe(true);
    expect(await statusOf(orderId)).toBe('CONFIRMED');
  });

  it('names the paused subscription a consumer waits on, and the replay that resumes it', async () => {
    // Prepare: email's subscriptions paused, as a replay with an end and --no-resume leaves them
    const pausedFrom = new Date(Date.now() - 2_000).toISOString();
    const pause = await replay(
      'email-notifications',
      '--from',
      pausedFrom,
      '--to',
      new Date(Date.now() - 1_000).toISOString(),
      '--no-resume',
    );
    expect(pause.code).toBe(0);
    let resumed = false;
    try {
      const orderId = await placeOrder(`trace-paused-${randomUUID().slice(0, 8)}`, false);
      await waitForStatus(orderId, 'SHIPPED');

      // Act
      await waitForTrace(orderId, 'email waiting on a held subscription', (found) =>
        found.diagnosis.findings.some(
          (finding) =>
            finding.kind === 'waiting' &&
            finding.consumer === 'email' &&
            finding.queue?.exists === true &&
            (finding.queue.held?.length ?? 0) > 0,
        ),
      );
      const { out } = await trace(orderId);
      // The command the trace gives, run as an operator would.
      const command = /npm run replay -- (email-notifications) --from (\S+) resumes it\./.exec(out);
      const resume = await replay(command?.[1] ?? '', '--from', command?.[2] ?? '');
      resumed = resume.code === 0;

      // Assess
      expect(out).toMatch(
        /WAIT {3}email onNotificationEvent has not handled order\.placed [\w-]+ yet\./,
      );
      expect(out).toMatch(
        /Its subscription to conveyor-local-order-events\.fifo is paused: a replay that ended at (\S+) completed \(--to, --no-resume\), and SNS delivers it nothing new until it is resumed; npm run replay -- email-notifications --from \1 resumes it\./,
      );
      expect(out).not.toContain('the message is on its way');
      expect(resume.code).toBe(0);
      await waitForTrace(orderId, 'email handled order.placed once resumed', (found) =>
        handled(found, 'email', 'order.placed'),
      );
    } finally {
      if (!resumed) await replay('email-notifications', '--from', pausedFrom);
    }
  });

  it('names the DLQs holding a poison event of an order, and leaves the messages there', async () => {
    // Prepare: a shipped order, then an inventory.reserved for it that no consumer can read.
    const correlationId = `trace-poison-${randomUUID().slice(0, 8)}`;
    const orderId = await placeOrder(correlationId, false);
    await waitForStatus(orderId, 'SHIPPED');
    await sns.send(
      new PublishCommand({
        TopicArn: `arn:aws:sns:${localRegion}:${localAccountId}:conveyor-local-inventory-events.fifo`,
        Message: JSON.stringify({
          eventType: 'inventory.reserved',
          aggregateId: orderId,
          metadata: { correlationId },
        }),
        MessageGroupId: orderId,
        MessageDeduplicationId: randomUUID(),
        MessageAttributes: {
          eventType: { DataType: 'String', StringValue: 'inventory.reserved' },
          eventVersion: { DataType: 'String', StringValue: '1' },
          correlationId: { DataType: 'String', StringValue: correlationId },
        },
      }),
    );
    const dlqs = [
      'conveyor-local-checkout-order-status-dlq.fifo',
      'conveyor-local-shipping-requests-dlq.fifo',
    ];
    const traced = await waitForTrace(orderId, 'the poison event in both DLQs', (found) =>
      dlqs.every((name) =>
        found.diagnosis.findings.some(
          (finding) => finding.kind === 'dead-letter' && finding.deadLetter.queue.name === name,
        ),
      ),
    );

    // Act
    const { code, out } = await trace(orderId);

    // Assess
    expect(code).toBe(0);
    expect(out).toMatch(
      /Where it is: STUCK at (checkout onOrderProgress|shipping onInventoryReserved) \(inventory\.reserved\)/,
    );
    for (const [name, consumer, shortName] of [
      [dlqs[0], 'checkout onOrderProgress', 'checkout-order-status-dlq.fifo'],
      [dlqs[1], 'shipping onInventoryReserved', 'shipping-requests-dlq.fifo'],
    ] as const) {
      expect(out).toMatch(
        new RegExp(
          `STUCK {2}${name!.replaceAll('.', '\\.')} holds inventory\\.reserved of this order \\(message [\\w-]+, \\d+ receives.*\\): ${consumer} could not handle it\\.`,
        ),
      );
      expect(out).toContain(`npm run dlq -- redrive ${shortName}`);
      // Peeked, not consumed.
      expect(await depthOf(name!)).toBeGreaterThanOrEqual(1);
    }
    expect(out).toMatch(/not a valid event: \$\.\w+: /);
    // Each DLQ message names the order and the correlation its broken body still carries.
    for (const finding of traced.diagnosis.findings) {
      if (finding.kind !== 'dead-letter') continue;
      expect(finding.deadLetter).toMatchObject({ orderId, correlationId });
    }
    expect(out).toMatch(/FAILED for good \(delivery \d\): \$\./);
  });
});
