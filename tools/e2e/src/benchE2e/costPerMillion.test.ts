import type { RequestCount } from '@conveyor/local-cloud';
import { describe, expect, it } from 'vitest';
import type { AwsPrices } from './awsPrices.ts';
import { billableUnitsOf, type BillableUnits, priceUnits, totalOf } from './costPerMillion.ts';

// Round figures, so the arithmetic can be checked by eye.
const prices: AwsPrices = {
  asOf: 'test',
  region: 'test',
  lambda: { perMillionRequests: 0.2, perGbSecondArm64: 0.00001, perGbSecondX86: 0.00002 },
  sqs: { perMillionRequestsStandard: 0.4, perMillionRequestsFifo: 0.5 },
  sns: {
    perMillionPublishesStandard: 0.5,
    perMillionPublishesFifo: 0.3,
    perGbPublishedFifo: 0.02,
    perMillionDeliveriesFifo: 0.01,
    perGbDeliveredFifo: 0.001,
    perGbArchivedFifo: 0.1,
    perGbMonthArchiveStored: 0.02,
    perMillionDeliveriesStandardToSqs: 0,
  },
  dynamodb: { perMillionWriteUnits: 0.625, perMillionReadUnits: 0.125 },
  s3: { perThousandWrites: 0.005, perThousandReads: 0.0004 },
  ses: { perThousandEmails: 0.1 },
  httpApi: { perMillionRequests: 1 },
};

const none: BillableUnits = {
  lambdaRequests: 0,
  lambdaGbSecondsArm64: 0,
  lambdaGbSecondsX86: 0,
  sqsRequestsFifo: 0,
  sqsRequestsStandard: 0,
  snsPublishesFifo: 0,
  snsPublishesStandard: 0,
  snsGbPublishedFifo: 0,
  snsDeliveriesFifo: 0,
  snsGbDeliveredFifo: 0,
  snsGbArchivedFifo: 0,
  snsGbMonthsArchiveStored: 0,
  dynamodbWriteUnits: 0,
  dynamodbReadUnits: 0,
  s3Writes: 0,
  s3Reads: 0,
  sesEmails: 0,
  httpApiRequests: 0,
};

const count = (
  service: RequestCount['service'],
  operation: string,
  caller: string,
  calls: number,
  entries = calls,
): RequestCount => ({
  service,
  operation,
  caller,
  calls,
  refused: 0,
  entries,
  bytes: 1024 * entries,
  messagesReceived: 0,
  emptyReceives: 0,
});

describe('priceUnits', () => {
  it('prices a million orders line by line, leaving out what an order does not use', () => {
    // Prepare
    const units: BillableUnits = {
      ...none,
      lambdaRequests: 8,
      lambdaGbSecondsArm64: 0.1,
      sqsRequestsFifo: 14,
      dynamodbWriteUnits: 12,
      sesEmails: 2,
    };

    // Act
    const lines = priceUnits(units, prices);

    // Assess
    expect(lines.map((line) => [line.service, line.item, line.dollarsPerMillionOrders])).toEqual([
      ['Lambda', 'requests', 1.6],
      ['Lambda', 'GB-seconds, arm64', 1],
      ['SQS', 'FIFO requests', 7],
      ['DynamoDB', 'write request units', 7.5],
      ['SES', 'emails', 200],
    ]);
    expect(totalOf(lines)).toBeCloseTo(217.1);
  });

  it('prices the FIFO archive per GB archived and per GB-month stored', () => {
    // Prepare: 4 KB archived per order, kept 12 months.
    const units: BillableUnits = {
      ...none,
      snsGbArchivedFifo: 0.000004,
      snsGbMonthsArchiveStored: 0.000048,
    };

    // Act
    const lines = priceUnits(units, prices);

    // Assess: 4 GB a million orders at $0.1, and 48 GB-months at $0.02.
    expect(lines.map((line) => [line.service, line.item])).toEqual([
      ['SNS', 'FIFO archive, GB archived'],
      ['SNS', 'FIFO archive storage, GB-months'],
    ]);
    expect(lines[0]?.dollarsPerMillionOrders).toBeCloseTo(0.4);
    expect(lines[1]?.dollarsPerMillionOrders).toBeCloseTo(0.96);
  });
});

describe('billableUnitsOf', () => {
  it('bills GB-seconds at each function memory, SQS by queue kind, and items as units', () => {
    // Prepare
    const window = {
      seconds: 10,
      requests: [
        count('sqs', 'ReceiveMessage', 'fn.conveyor-marketing.local.onOrderPlaced', 4),
        count('sqs', 'ReceiveMessage', 'fn.conveyor-email.local.onNotificationEvent', 6),
        count('sns', 'Publish', 'fn.conveyor-checkout.local.postCheckout', 2),
        count('dynamodb', 'BatchWriteItem', 'fn.conveyor-checkout.local.postCheckout', 1, 5),
        count('dynamodb', 'GetItem', 'fn.conveyor-checkout.local.postCheckout', 2),
      ],
      invocations: [
        {
          service: 'shipping',
          functionKey: 'onInventoryReserved',
          invocations: 2,
          timeouts: 0,
          durationMs: 1990,
          billedMs: 2000,
        },
        {
          service: 'checkout',
          functionKey: 'postCheckout',
          invocations: 2,
          timeouts: 0,
          durationMs: 990,
          billedMs: 1000,
        },
      ],
    };
    const facts = {
      sizing: new Map([
        ['shipping.onInventoryReserved', { memoryMb: 512, architecture: 'arm64' as const }],
        ['checkout.postCheckout', { memoryMb: 256, architecture: 'arm64' as const }],
      ]),
      standardQueueConsumers: new Set(['marketing.onOrderPlaced']),
      standardTopicProducers: new Set<string>(),
      namePrefix: 'conveyor',
      archiveMonths: 12,
    };

    // Act
    const units = billableUnitsOf(window, 2, 2, 3, facts);

    // Assess
    expect(units).toMatchObject({
      lambdaRequests: 2,
      // (2 s × 0.5 GB + 1 s × 0.25 GB) / 2 orders
      lambdaGbSecondsArm64: 0.625,
      sqsRequestsStandard: 2,
      sqsRequestsFifo: 3,
      snsPublishesFifo: 1,
      snsDeliveriesFifo: 3,
      dynamodbWriteUnits: 2.5,
      dynamodbReadUnits: 1,
      httpApiRequests: 1,
    });
    // In bytes: toBeCloseTo compares to two decimals, and GB per order are millionths.
    expect(units.snsGbPublishedFifo * 1024 ** 3).toBeCloseTo(1024);
    expect(units.snsGbDeliveredFifo * 1024 ** 3).toBeCloseTo(3 * 1024);
    // What was published is archived, and stored for the 12 months prod keeps it.
    expect(units.snsGbArchivedFifo * 1024 ** 3).toBeCloseTo(1024);
    expect(units.snsGbMonthsArchiveStored * 1024 ** 3).toBeCloseTo(12 * 1024);
  });
});
