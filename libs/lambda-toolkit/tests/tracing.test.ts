// The tracer end to end: handlers built with the toolkit, a traced SNS client against a real local
// SNS FIFO topic, and a UDP socket standing in for the X-Ray daemon Lambda runs beside a function.
// The X-Ray SDK reads its environment when it loads (at the first tracer made in Lambda), so it is
// set before.
import { createSocket, type Socket } from 'node:dgram';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type ConveyorEvent, exampleEventData } from '@conveyor/event-types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { capturedLogger } from './fixtures/captureLogs.ts';
import { lambdaContext, orderPlaced, sqsEvent, sqsRecord } from './fixtures/lambdaFixtures.ts';
import { clientConfig, startFauxqs } from './fixtures/localServers.ts';

interface TraceDocument {
  readonly name?: string;
  readonly trace_id?: string;
  readonly annotations?: Record<string, unknown>;
  readonly aws?: Record<string, unknown>;
  readonly subsegments?: readonly TraceDocument[];
}

const received: TraceDocument[] = [];
const daemon: Socket = createSocket('udp4');
daemon.on('message', (packet) => {
  // The daemon protocol: a JSON header line, then the (sub)segment document.
  const body = packet.toString('utf8').split('\n')[1];
  if (body !== undefined) received.push(JSON.parse(body) as TraceDocument);
});
await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
// As serverless-offline sets it: the X-Ray SDK starts in its Lambda mode, as it does in Lambda.
process.env.LAMBDA_TASK_ROOT = '/var/task';
process.env.AWS_XRAY_DAEMON_ADDRESS = `127.0.0.1:${String(daemon.address().port)}`;
const toolkit = await import('../src/index.ts');

const flatten = (documents: readonly TraceDocument[]): TraceDocument[] =>
  documents.flatMap((document) => [document, ...flatten(document.subsegments ?? [])]);

const waitFor = async <T>(probe: () => T | undefined): Promise<T> => {
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

let broker: Awaited<ReturnType<typeof startFauxqs>>;
let sqs: SQSClient;
let topicArn: string;
let queueUrl: string;

beforeAll(async () => {
  broker = await startFauxqs();
  const sns = new SNSClient(clientConfig(broker.endpoint));
  sqs = new SQSClient(clientConfig(broker.endpoint));
  topicArn =
    (
      await sns.send(
        new CreateTopicCommand({
          Name: 'conveyor-test-inventory-events.fifo',
          Attributes: { FifoTopic: 'true' },
        }),
      )
    ).TopicArn ?? '';
  queueUrl =
    (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: 'conveyor-test-shipping-reservations.fifo',
          Attributes: { FifoQueue: 'true' },
        }),
      )
    ).QueueUrl ?? '';
  const queueArn = (
    await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    )
  ).Attributes?.QueueArn;
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  sns.destroy();
});
afterAll(async () => {
  sqs.destroy();
  await broker.stop();
  daemon.close();
});

// A consumer that reserves and publishes, as inventory's does, through the given tracer's SNS client.
const makeConsumer = (tracer: ReturnType<typeof toolkit.createTracer>) => {
  const sns = tracer.captureAWSv3Client(new SNSClient(clientConfig(broker.endpoint)));
  const emit = toolkit.makeEmitEvent(sns, topicArn);
  const { logger, lines } = capturedLogger();
  const handler = toolkit.makeSqsEventHandler({
    queue: 'inventoryOrders',
    logger,
    tracer,
    handlers: {
      'order.placed': async (event) => {
        await emit(
          {
            eventType: 'inventory.reserved',
            version: 1,
            aggregateId: event.aggregateId,
            data: exampleEventData['inventory.reserved'](),
          },
          { causedBy: event },
        );
      },
    },
  });
  return { sns, handler, lines };
};

const receiveOne = async (): Promise<ConveyorEvent> => {
  const result = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 5 }),
  );
  const body = result.Messages?.[0]?.Body;
  if (body === undefined) throw new Error('Nothing was published');
  return JSON.parse(body) as ConveyorEvent;
};

describe('tracing', () => {
  it('is off outside Lambda: clients unwrapped, no segments, no X-Ray output, no trace id', async () => {
    // Prepare
    const tracer = toolkit.createTracer('inventory');
    const plain = new SNSClient(clientConfig(broker.endpoint));
    const { handler, lines } = makeConsumer(tracer);
    const output = vi.spyOn(process.stdout, 'write');

    // Act
    const wrapped = tracer.captureAWSv3Client(plain);
    const response = await handler(
      sqsEvent([
        sqsRecord(JSON.stringify(orderPlaced('ord-off', 'corr-off')), { groupId: 'ord-off' }),
      ]),
      lambdaContext(),
    );
    const published = await receiveOne();

    // Assess
    expect(tracer.isTracingEnabled()).toBe(false);
    expect(wrapped).toBe(plain);
    expect(response.batchItemFailures).toEqual([]);
    expect(published.metadata).not.toHaveProperty('traceId');
    const printed = output.mock.calls.map(([chunk]) => String(chunk)).join('');
    expect(printed).not.toMatch(/x-?ray|segment|trace data/i);
    expect(lines()).toMatchObject([
      { message: 'Event handled', function_name: 'conveyor-test-onOrderPlaced' },
    ]);
    expect(received).toEqual([]);
    // Nor was the X-Ray SDK loaded: its async hook (a cls-hooked namespace) would slow every promise.
    expect((process as { namespaces?: Record<string, unknown> }).namespaces?.['AWSXRay']).toBe(
      undefined,
    );
    plain.destroy();
    vi.restoreAllMocks();
  });

  it('in Lambda: a handler subsegment, one per record with its ids, the SNS call, and the trace id in the event', async () => {
    // Prepare
    const root = '1-6790a1b2-0123456789abcdef01234567';
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs24.x';
    process.env._X_AMZN_TRACE_ID = `Root=${root};Parent=53995c3f42cd8ad8;Sampled=1`;
    const tracer = toolkit.createTracer('inventory');
    const { sns, handler } = makeConsumer(tracer);
    const placed = orderPlaced('ord-traced', 'corr-traced');

    // Act
    const response = await handler(
      sqsEvent([sqsRecord(JSON.stringify(placed), { groupId: 'ord-traced' })]),
      lambdaContext(),
    );
    const published = await receiveOne();
    const handlerSegment = await waitFor(() =>
      flatten(received).find(({ name }) => name === '## inventoryOrders'),
    );

    // Assess
    expect(tracer.isTracingEnabled()).toBe(true);
    expect(
      (process as { namespaces?: Record<string, unknown> }).namespaces?.['AWSXRay'],
    ).toBeDefined();
    expect(response.batchItemFailures).toEqual([]);
    expect(published.metadata.traceId).toBe(root);
    expect(published.metadata.correlationId).toBe('corr-traced');
    expect(handlerSegment.trace_id).toBe(root);
    expect(handlerSegment.annotations).toMatchObject({
      ColdStart: expect.any(Boolean) as unknown,
      Service: 'inventory',
      records: 1,
    });
    const all = flatten(received);
    const recordSegment = all.find(({ name }) => name === '### order.placed');
    expect(recordSegment?.annotations).toEqual({
      correlationId: 'corr-traced',
      eventId: placed.eventId,
      aggregateId: 'ord-traced',
    });
    const snsCall = all.find(({ name }) => name === 'SNS');
    expect(snsCall?.aws).toMatchObject({ operation: 'Publish' });
    sns.destroy();
  });
});
