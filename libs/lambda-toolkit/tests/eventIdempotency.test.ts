// Powertools idempotency on the real local DynamoDB (dynalite, which has no TransactWriteItems).
import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { MAX_ARCHIVE_RETENTION_DAYS, REPLAY_WINDOW_SECONDS } from '@conveyor/event-types';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeEventIdempotency, makeSqsEventHandler, TransientError } from '../src/index.ts';
import { capturedLogger } from './fixtures/captureLogs.ts';
import { lambdaContext, orderPlaced, sqsEvent, sqsRecord } from './fixtures/lambdaFixtures.ts';
import { createIdempotencyTable, startDynalite } from './fixtures/localServers.ts';

let dynamo: Awaited<ReturnType<typeof startDynalite>>;
let tableCount = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const freshIdempotency = async () => {
  tableCount += 1;
  const tableName = `idempotency-${tableCount}`;
  await createIdempotencyTable(dynamo.client, tableName);
  return {
    tableName,
    idempotency: makeEventIdempotency({
      tableName,
      client: dynamo.client,
      keyPrefix: 'test.onOrderPlaced',
    }),
  };
};

describe('makeEventIdempotency on dynalite', () => {
  it('runs the side effect once when the same event is delivered in two invocations, and logs the second as a duplicate', async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const { idempotency, tableName } = await freshIdempotency();
    const sideEffects: string[] = [];
    const handler = makeSqsEventHandler({
      queue: 'inventoryOrders',
      logger,
      idempotency,
      handlers: {
        'order.placed': async (event) => {
          sideEffects.push(event.eventId);
          return Promise.resolve({ reserved: event.aggregateId });
        },
      },
    });
    const event = orderPlaced('ord-1');
    const body = JSON.stringify(event);

    // Act
    const first = await handler(sqsEvent([sqsRecord(body, { groupId: 'ord-1' })]), lambdaContext());
    const second = await handler(
      sqsEvent([sqsRecord(body, { groupId: 'ord-1', receiveCount: 2 })]),
      lambdaContext(),
    );

    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    expect(sideEffects).toHaveLength(1);
    const stored = await dynamo.client.send(new ScanCommand({ TableName: tableName }));
    expect(stored.Items).toHaveLength(1);
    expect(stored.Items?.[0]?.status?.S).toBe('COMPLETED');
    expect(stored.Items?.[0]?.id?.S).toMatch(/^test\.onOrderPlaced#/);
    const duplicates = lines().filter((line) => line['outcome'] === 'duplicate');
    expect(duplicates).toEqual([
      expect.objectContaining({
        message: 'Answered from the idempotency record: the handler did not run',
        eventId: event.eventId,
        receiveCount: 2,
      }),
    ]);
    expect(lines().filter((line) => line.message === 'Event handled')).toHaveLength(2);
  });

  it('lets only one of two concurrent duplicates run, and reports the other for retry', async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const { idempotency } = await freshIdempotency();
    let runs = 0;
    const handler = makeSqsEventHandler({
      queue: 'marketingAudience',
      logger,
      idempotency,
      handlers: {
        // What the queue delivers besides order.placed; the handler map must take it all.
        'customer.registered': async () => Promise.resolve(),
        'inventory.reservation-failed': async () => Promise.resolve(),
        'order.placed': async () => {
          runs += 1;
          // The side effect lasts until its twin has been turned away: the two overlap for
          // sure, however slowly the machine runs them.
          await vi.waitFor(
            () => {
              const turnedAway = lines().some(
                (line) => line['reason'] === 'the same event is being handled concurrently',
              );
              if (!turnedAway) throw new Error('the twin copy never reported in progress');
            },
            { timeout: 60_000, interval: 5 },
          );
        },
      },
    });
    const body = JSON.stringify(orderPlaced('ord-2'));
    const records = [
      sqsRecord(body, { messageId: 'copy-1' }),
      sqsRecord(body, { messageId: 'copy-2' }),
    ];

    // Act
    const response = await handler(sqsEvent(records), lambdaContext());

    // Assess
    expect(runs).toBe(1);
    expect(response.batchItemFailures).toHaveLength(1);
  });

  it('does not remember a failed attempt, so the retry runs the side effect', async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const { idempotency } = await freshIdempotency();
    let attempts = 0;
    const handler = makeSqsEventHandler({
      queue: 'inventoryOrders',
      logger,
      idempotency,
      handlers: {
        'order.placed': async () => {
          attempts += 1;
          await Promise.resolve();
          if (attempts === 1) throw new TransientError('first attempt fails');
        },
      },
    });
    const body = JSON.stringify(orderPlaced('ord-3'));

    // Act
    const first = await handler(
      sqsEvent([sqsRecord(body, { messageId: 'm', groupId: 'g' })]),
      lambdaContext(),
    );
    const retry = await handler(
      sqsEvent([sqsRecord(body, { messageId: 'm', groupId: 'g', receiveCount: 2 })]),
      lambdaContext(),
    );
    const duplicate = await handler(
      sqsEvent([sqsRecord(body, { messageId: 'm', groupId: 'g', receiveCount: 3 })]),
      lambdaContext(),
    );

    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm' }]);
    expect(retry.batchItemFailures).toEqual([]);
    expect(duplicate.batchItemFailures).toEqual([]);
    expect(attempts).toBe(2);
    expect(lines().filter((line) => line['outcome'] === 'duplicate')).toEqual([
      expect.objectContaining({ messageId: 'm', receiveCount: 3 }),
    ]);
  });

  it('bounds each in-progress record by its own invocation, with invocations running concurrently', async () => {
    // Prepare
    const { logger } = capturedLogger();
    const { idempotency, tableName } = await freshIdempotency();
    const handler = makeSqsEventHandler({
      queue: 'inventoryOrders',
      logger,
      idempotency,
      handlers: {
        'order.placed': async () => {
          await new Promise((resolve) => setImmediate(resolve));
        },
      },
    });
    // The long invocation's second record starts after the short invocation has begun.
    const long = [orderPlaced('ord-long-1'), orderPlaced('ord-long-2')];
    const short = orderPlaced('ord-short');
    const recordOf = (event: ReturnType<typeof orderPlaced>) =>
      sqsRecord(JSON.stringify(event), { groupId: event.aggregateId });
    const started = Date.now();

    // Act
    await Promise.all([
      handler(sqsEvent(long.map(recordOf)), lambdaContext(600_000)),
      handler(sqsEvent([recordOf(short)]), lambdaContext(1_000)),
    ]);

    // Assess
    const stored = await dynamo.client.send(new ScanCommand({ TableName: tableName }));
    const inProgressExpiry = (eventId: string) => {
      const hash = createHash('md5').update(JSON.stringify(eventId)).digest('base64');
      const item = stored.Items?.find((entry) => entry.id?.S === `test.onOrderPlaced#${hash}`);
      return Number(item?.in_progress_expiration?.N);
    };
    for (const event of long) {
      expect(inProgressExpiry(event.eventId)).toBeGreaterThan(started + 300_000);
    }
    expect(inProgressExpiry(short.eventId)).toBeLessThan(started + 300_000);
  });

  it('remembers a handled eventId until no copy can arrive, a replay from a year-long archive included', async () => {
    // Prepare
    const { logger } = capturedLogger();
    const { idempotency, tableName } = await freshIdempotency();
    const handler = makeSqsEventHandler({
      queue: 'inventoryOrders',
      logger,
      idempotency,
      handlers: { 'order.placed': () => Promise.resolve() },
    });
    const event = orderPlaced('ord-kept');
    const before = Math.floor(Date.now() / 1000);

    // Act
    await handler(
      sqsEvent([sqsRecord(JSON.stringify(event), { groupId: 'ord-kept' })]),
      lambdaContext(),
    );

    // Assess: the record's TTL (seconds) lies past the prod archive's 365 days, SNS's 23 days of
    // retries and the 36 days a replayed copy may then wait in two DLQs and the queue.
    const after = Math.ceil(Date.now() / 1000);
    const stored = await dynamo.client.send(new ScanCommand({ TableName: tableName }));
    const expiration = Number(stored.Items?.[0]?.expiration?.N);
    const days = 86_400;
    expect(REPLAY_WINDOW_SECONDS).toBe((MAX_ARCHIVE_RETENTION_DAYS + 23 + 2 * (14 + 4)) * days);
    expect(expiration).toBeGreaterThanOrEqual(before + REPLAY_WINDOW_SECONDS);
    expect(expiration).toBeLessThanOrEqual(after + REPLAY_WINDOW_SECONDS);
  });
});
