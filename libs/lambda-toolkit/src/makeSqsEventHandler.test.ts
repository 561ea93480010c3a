import { afterEach, describe, expect, it, vi } from 'vitest';
import { capturedLogger } from '../tests/fixtures/captureLogs.ts';
import {
  lambdaContext,
  orderPlaced,
  shipmentCreated,
  sqsEvent,
  sqsRecord,
} from '../tests/fixtures/lambdaFixtures.ts';
import { EventTypesError } from '@conveyor/event-types';
import { PermanentError, TransientError } from './errors.ts';
import { makeSqsEventHandler } from './makeSqsEventHandler.ts';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const failedIds = (response: { batchItemFailures: { itemIdentifier: string }[] }) =>
  response.batchItemFailures.map((failure) => failure.itemIdentifier);

describe('makeSqsEventHandler at cold start', () => {
  it('fails when the handlers miss an event the queue delivers, naming the queue and the events', () => {
    // Prepare
    const { logger } = capturedLogger();

    // Act
    const build = () =>
      makeSqsEventHandler({
        queue: 'emailNotifications',
        logger,
        handlers: { 'order.placed': async () => Promise.resolve() },
      });

    // Assess
    expect(build).toThrow(EventTypesError);
    expect(build).toThrow(
      /"emailNotifications" delivers inventory\.reservation-failed, shipment\.created/,
    );
  });

  it('builds when the handlers cover every event the queue delivers', () => {
    // Prepare
    const { logger } = capturedLogger();
    const handle = async () => Promise.resolve();

    // Act
    const handler = makeSqsEventHandler({
      queue: 'checkoutOrderStatus',
      logger,
      handlers: {
        'inventory.reserved': handle,
        'inventory.reservation-failed': handle,
        'shipment.created': handle,
      },
    });

    // Assess
    expect(handler).toBeTypeOf('function');
  });
});

// What marketingAudience delivers besides order.placed: a handler map must take them all.
const otherAudienceEvents = {
  'customer.registered': async () => Promise.resolve(),
  'inventory.reservation-failed': async () => Promise.resolve(),
};

describe('makeSqsEventHandler on a standard queue (marketingAudience)', () => {
  it('hands each valid event to the handler of its type and reports no failure', async () => {
    // Prepare
    const { logger } = capturedLogger();
    const seen: string[] = [];
    const handler = makeSqsEventHandler({
      queue: 'marketingAudience',
      logger,
      handlers: {
        ...otherAudienceEvents,
        'order.placed': async (event) => {
          seen.push(`${event.aggregateId}:${event.data.currency}`);
          await Promise.resolve();
        },
      },
    });
    const records = [
      sqsRecord(JSON.stringify(orderPlaced('ord-1'))),
      sqsRecord(JSON.stringify(orderPlaced('ord-2'))),
    ];

    // Act
    const response = await handler(sqsEvent(records), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(seen.toSorted()).toEqual(['ord-1:EUR', 'ord-2:EUR']);
  });

  it('fails only the invalid record, as a permanent failure logged with every issue', async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const onOrderPlaced = vi.fn(async () => Promise.resolve());
    const handler = makeSqsEventHandler({
      queue: 'marketingAudience',
      logger,
      handlers: { ...otherAudienceEvents, 'order.placed': onOrderPlaced },
    });
    const invalid = { ...orderPlaced('ord-2'), junk: true, version: 'one' };
    const records = [
      sqsRecord(JSON.stringify(orderPlaced('ord-1'))),
      sqsRecord(JSON.stringify(invalid), { messageId: 'bad-1', receiveCount: 2 }),
      sqsRecord('not json at all', { messageId: 'bad-2' }),
    ];

    // Act
    const response = await handler(sqsEvent(records), lambdaContext());

    // Assess
    expect(failedIds(response).toSorted()).toEqual(['bad-1', 'bad-2']);
    expect(onOrderPlaced).toHaveBeenCalledTimes(1);
    const invalidLogs = lines().filter((line) => String(line.message).startsWith('Invalid event'));
    expect(invalidLogs).toHaveLength(2);
    expect(invalidLogs.find((line) => line.messageId === 'bad-1')).toMatchObject({
      level: 'ERROR',
      receiveCount: 2,
      issues: [expect.objectContaining({ path: '$.version' })],
    });
    expect(invalidLogs.find((line) => line.messageId === 'bad-2')).toMatchObject({
      issues: [expect.objectContaining({ path: '$', code: 'invalid_json' })],
    });
  });

  it("logs an invalid event with its invocation and the publisher's id-shaped attributes, never others", async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const handler = makeSqsEventHandler({
      queue: 'marketingAudience',
      logger,
      handlers: { ...otherAudienceEvents, 'order.placed': vi.fn() },
    });
    const attribute = (value: string) => ({
      stringValue: value,
      dataType: 'String',
      stringListValues: [],
      binaryListValues: [],
    });
    const records = [
      {
        ...sqsRecord('not json at all', { messageId: 'poison-1' }),
        messageAttributes: {
          correlationId: attribute('corr-poison-1'),
          eventType: attribute('order.placed'),
        },
      },
      {
        ...sqsRecord('not json either', { messageId: 'poison-2' }),
        messageAttributes: { correlationId: attribute('ada@example.com') },
      },
    ];

    // Act
    await handler(sqsEvent(records), lambdaContext());

    // Assess
    const invalidLogs = lines().filter((line) => String(line.message).startsWith('Invalid event'));
    expect(invalidLogs.find((line) => line.messageId === 'poison-1')).toMatchObject({
      correlationId: 'corr-poison-1',
      eventType: 'order.placed',
      function_name: 'conveyor-test-onOrderPlaced',
    });
    const second = invalidLogs.find((line) => line.messageId === 'poison-2');
    expect(second).toMatchObject({ function_name: 'conveyor-test-onOrderPlaced' });
    expect(second).not.toHaveProperty('correlationId');
    expect(JSON.stringify(invalidLogs)).not.toContain('ada@example.com');
  });

  it('fails an event type this queue has no handler for, permanently', async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const handler = makeSqsEventHandler({
      queue: 'marketingAudience',
      logger,
      handlers: { ...otherAudienceEvents, 'order.placed': async () => Promise.resolve() },
    });
    const record = sqsRecord(JSON.stringify(shipmentCreated()), { messageId: 'unexpected' });

    // Act
    const response = await handler(sqsEvent([record]), lambdaContext());

    // Assess
    expect(failedIds(response)).toEqual(['unexpected']);
    expect(lines().find((line) => line.permanent === true)).toMatchObject({
      level: 'ERROR',
      reason: expect.stringContaining('No handler for shipment.created') as unknown,
    });
  });

  it('reports transient and unknown errors for retry, and permanent ones as permanent', async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const outcomes: Record<string, Error> = {
      'ord-t': new TransientError('stock table throttled'),
      'ord-p': new PermanentError('order has no lines left'),
      'ord-u': new Error('socket hang up'),
    };
    const handler = makeSqsEventHandler({
      queue: 'marketingAudience',
      logger,
      handlers: {
        ...otherAudienceEvents,
        'order.placed': async (event) => {
          await Promise.resolve();
          const failure = outcomes[event.aggregateId];
          if (failure !== undefined) throw failure;
        },
      },
    });
    const records = ['ord-t', 'ord-p', 'ord-u', 'ord-ok'].map((id) =>
      sqsRecord(JSON.stringify(orderPlaced(id)), { messageId: id }),
    );

    // Act
    const response = await handler(sqsEvent(records), lambdaContext());

    // Assess
    expect(failedIds(response).toSorted()).toEqual(['ord-p', 'ord-t', 'ord-u']);
    const failures = lines().filter((line) => 'permanent' in line);
    expect(
      failures.map((line) => [line.aggregateId, line.level, line.permanent]).toSorted(),
    ).toEqual([
      ['ord-p', 'ERROR', true],
      ['ord-t', 'WARN', false],
      ['ord-u', 'WARN', false],
    ]);
  });

  it('acts on the retryable flag of domain errors thrown as they are, without translation', async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    // As a service's domain declares them: retryable or not is part of the error.
    class OrderGoneError extends PermanentError {
      public override readonly name = 'OrderGoneError';

      public constructor(orderId: string) {
        super(`Order ${orderId} is gone`);
      }
    }
    class OrderBusyError extends TransientError {
      public override readonly name = 'OrderBusyError';
    }
    const handler = makeSqsEventHandler({
      queue: 'marketingAudience',
      logger,
      handlers: {
        ...otherAudienceEvents,
        'order.placed': async (event) => {
          await Promise.resolve();
          if (event.aggregateId === 'gone') throw new OrderGoneError(event.aggregateId);
          throw new OrderBusyError(`Order ${event.aggregateId} is busy`, {
            cause: new Error('lock'),
          });
        },
      },
    });
    const records = ['gone', 'busy'].map((id) =>
      sqsRecord(JSON.stringify(orderPlaced(id)), { messageId: id }),
    );

    // Act
    const response = await handler(sqsEvent(records), lambdaContext());

    // Assess
    expect(failedIds(response).toSorted()).toEqual(['busy', 'gone']);
    const failures = lines().filter((line) => 'permanent' in line);
    expect(failures.find((line) => line.messageId === 'gone')).toMatchObject({
      level: 'ERROR',
      permanent: true,
      reason: 'Order gone is gone',
      message: 'Event failed permanently: it goes to the DLQ after the last receive',
    });
    expect(failures.find((line) => line.messageId === 'busy')).toMatchObject({
      level: 'WARN',
      permanent: false,
      reason: 'Order busy is busy',
      message: 'Event failed: it will be retried',
    });
  });

  it('returns every record as failed when the whole batch fails, instead of throwing', async () => {
    // Prepare
    const { logger } = capturedLogger();
    const handler = makeSqsEventHandler({
      queue: 'marketingAudience',
      logger,
      handlers: {
        ...otherAudienceEvents,
        'order.placed': async () => Promise.reject(new Error('database down')),
      },
    });
    const records = [
      sqsRecord(JSON.stringify(orderPlaced('a')), { messageId: 'm1' }),
      sqsRecord(JSON.stringify(orderPlaced('b')), { messageId: 'm2' }),
    ];

    // Act
    const response = await handler(sqsEvent(records), lambdaContext());

    // Assess
    expect(failedIds(response).toSorted()).toEqual(['m1', 'm2']);
  });

  it('appends correlationId, eventId and aggregateId to the logs of each record, and removes them after', async () => {
    // Prepare
    const { logger, lines } = capturedLogger();
    const event = orderPlaced('ord-77', 'corr-77');
    const handler = makeSqsEventHandler({
      queue: 'marketingAudience',
      logger,
      handlers: {
        ...otherAudienceEvents,
        'order.placed': async (_event, context) => {
          context.logger.info('reserving');
          await Promise.resolve();
        },
      },
    });

    // Act
    await handler(sqsEvent([sqsRecord(JSON.stringify(event))]), lambdaContext());
    logger.info('after the batch');

    // Assess
    expect(lines().find((line) => line.message === 'reserving')).toMatchObject({
      correlationId: 'corr-77',
      eventId: event.eventId,
      aggregateId: 'ord-77',
      eventType: 'order.placed',
    });
    expect(lines().find((line) => line.message === 'after the batch')).not.toHaveProperty(
      'eventId',
    );
  });
});

describe('makeSqsEventHandler in an on-demand execution environment', () => {
  it('logs cold_start true on every record of the first invocation only', async () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const { logger, lines } = capturedLogger();
    const handler = makeSqsEventHandler({
      queue: 'marketingAudience',
      logger,
      handlers: {
        ...otherAudienceEvents,
        'order.placed': async (event, context) => {
          context.logger.info('handled', { order: event.aggregateId });
          await Promise.resolve();
        },
      },
    });
    const batch = (first: string, second: string) =>
      sqsEvent([
        sqsRecord(JSON.stringify(orderPlaced(first))),
        sqsRecord(JSON.stringify(orderPlaced(second))),
      ]);

    // Act
    await handler(batch('cold-1', 'cold-2'), lambdaContext());
    await handler(batch('warm-1', 'warm-2'), lambdaContext());

    // Assess
    const coldStartOf = Object.fromEntries(
      lines()
        .filter((line) => line.message === 'handled')
        .map((line) => [String(line.order), line.cold_start]),
    );
    expect(coldStartOf).toEqual({
      'cold-1': true,
      'cold-2': true,
      'warm-1': false,
      'warm-2': false,
    });
  });
});

describe('makeSqsEventHandler on a FIFO queue (inventoryOrders)', () => {
  it('fails the rest of a group after its middle record fails, while the other group goes on', async () => {
    // Prepare
    const { logger } = capturedLogger();
    const handled: string[] = [];
    const handler = makeSqsEventHandler({
      queue: 'inventoryOrders',
      logger,
      handlers: {
        'order.placed': async (event, { record }) => {
          await Promise.resolve();
          if (record.messageId === 'A2') throw new TransientError('A2 cannot be handled yet');
          handled.push(`${event.aggregateId}:${record.messageId}`);
        },
      },
    });
    const record = (id: string, group: string) =>
      sqsRecord(JSON.stringify(orderPlaced(group)), { messageId: id, groupId: group });
    const batch = [
      record('A1', 'A'),
      record('A2', 'A'),
      record('B1', 'B'),
      record('A3', 'A'),
      record('B2', 'B'),
    ];

    // Act
    const response = await handler(sqsEvent(batch), lambdaContext());

    // Assess
    expect(failedIds(response)).toEqual(['A2', 'A3']);
    expect(handled).toEqual(['A:A1', 'B:B1', 'B:B2']);
  });

  it('fails the rest of a group after an invalid record in it', async () => {
    // Prepare
    const { logger } = capturedLogger();
    const handled: string[] = [];
    const handler = makeSqsEventHandler({
      queue: 'inventoryOrders',
      logger,
      handlers: {
        'order.placed': async (_event, { record }) => {
          handled.push(record.messageId);
          await Promise.resolve();
        },
      },
    });
    const batch = [
      sqsRecord(JSON.stringify(orderPlaced('A')), { messageId: 'A1', groupId: 'A' }),
      sqsRecord('{"eventType":"order.placed"}', { messageId: 'A2', groupId: 'A' }),
      sqsRecord(JSON.stringify(orderPlaced('A')), { messageId: 'A3', groupId: 'A' }),
      sqsRecord(JSON.stringify(orderPlaced('B')), { messageId: 'B1', groupId: 'B' }),
    ];

    // Act
    const response = await handler(sqsEvent(batch), lambdaContext());

    // Assess
    expect(failedIds(response)).toEqual(['A2', 'A3']);
    expect(handled).toEqual(['A1', 'B1']);
  });

  it('handles records of one group strictly in order', async () => {
    // Prepare
    const { logger } = capturedLogger();
    const order: string[] = [];
    const handler = makeSqsEventHandler({
      queue: 'inventoryOrders',
      logger,
      handlers: {
        'order.placed': async (_event, { record }) => {
          // The first record is the slowest: a parallel processor would finish it last.
          await new Promise((resolve) => setTimeout(resolve, record.messageId === 'A1' ? 20 : 0));
          order.push(record.messageId);
        },
      },
    });
    const batch = ['A1', 'A2', 'A3'].map((id) =>
      sqsRecord(JSON.stringify(orderPlaced('A')), { messageId: id, groupId: 'A' }),
    );

    // Act
    const response = await handler(sqsEvent(batch), lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(order).toEqual(['A1', 'A2', 'A3']);
  });
});

describe('makeSqsEventHandler with concurrent invocations in one process', () => {
  // Yields to the event loop a few times, so that concurrent batches interleave record by record.
  const yieldTimes = async (times: number) => {
    for (let turn = 0; turn < times; turn += 1) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  // Batch b: groups A, B, C interleaved; each batch fails a different record, in a different group.
  const layout = ['A1', 'B1', 'A2', 'C1', 'B2', 'A3', 'C2', 'B3', 'C3', 'A4'] as const;
  const batchOf = (batch: number, fifo: boolean) =>
    layout.map((name) =>
      sqsRecord(JSON.stringify(orderPlaced(`b${batch}-${name.charAt(0)}`)), {
        messageId: `b${batch}-${name}`,
        ...(fifo ? { groupId: `b${batch}-${name.charAt(0)}` } : {}),
      }),
    );
  const failingIn = (batch: number): Set<string> =>
    new Set([
      `b${batch}-${layout[batch % layout.length] ?? ''}`,
      ...(batch % 3 === 0 ? [`b${batch}-C3`] : []),
    ]);

  const concurrentHandler = (queue: 'inventoryOrders' | 'marketingAudience') => {
    const { logger } = capturedLogger();
    const failing = new Set(Array.from({ length: 10 }, (_, batch) => [...failingIn(batch)]).flat());
    return makeSqsEventHandler({
      queue,
      logger,
      handlers: {
        ...otherAudienceEvents,
        'order.placed': async (_event, { record }) => {
          // b<batch>-<group><n>: batches and records take different numbers of turns.
          const [batch = 0, n = 0] = (record.messageId.match(/\d+/g) ?? []).map(Number);
          await yieldTimes(1 + ((batch + n) % 3));
          if (failing.has(record.messageId)) throw new TransientError(`${record.messageId} fails`);
        },
      },
    });
  };

  it('answers each of 10 concurrent FIFO batches with exactly its own failed records', async () => {
    // Prepare
    const handler = concurrentHandler('inventoryOrders');
    const batches = Array.from({ length: 10 }, (_, batch) => batchOf(batch, true));
    // A failed record fails every later record of its group in the same batch.
    const expected = batches.map((records, batch) => {
      const failedGroups = new Set<string>();
      return records.flatMap((record) => {
        const group = record.attributes.MessageGroupId ?? '';
        if (failingIn(batch).has(record.messageId)) failedGroups.add(group);
        return failedGroups.has(group) ? [record.messageId] : [];
      });
    });

    // Act
    const responses = await Promise.all(
      batches.map((records) => handler(sqsEvent(records), lambdaContext())),
    );

    // Assess
    expect(responses.map(failedIds)).toEqual(expected);
  });

  it('answers each of 10 concurrent standard batches with exactly its own failed records', async () => {
    // Prepare
    const handler = concurrentHandler('marketingAudience');
    const batches = Array.from({ length: 10 }, (_, batch) => batchOf(batch, false));

    // Act
    const responses = await Promise.all(
      batches.map((records) => handler(sqsEvent(records), lambdaContext())),
    );

    // Assess
    expect(responses.map((response) => failedIds(response).toSorted())).toEqual(
      batches.map((_, batch) => [...failingIn(batch)].toSorted()),
    );
  });
});
