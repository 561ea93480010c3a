import type { AwsPrices } from './awsPrices.ts';
import { type CallKind, callKindOf, functionOfCaller, type UsageWindow } from './callUsage.ts';
import type { BatchedMinimum, FlowMinimum } from './flowMinimum.ts';
import type { FunctionSizing } from './functionMemory.ts';

/** What AWS bills, per order. */
export interface BillableUnits {
  readonly lambdaRequests: number;
  readonly lambdaGbSecondsArm64: number;
  readonly lambdaGbSecondsX86: number;
  readonly sqsRequestsFifo: number;
  readonly sqsRequestsStandard: number;
  readonly snsPublishesFifo: number;
  readonly snsPublishesStandard: number;
  readonly snsGbPublishedFifo: number;
  readonly snsDeliveriesFifo: number;
  readonly snsGbDeliveredFifo: number;
  /** Payload archived by the FIFO topics (all of it: every FIFO topic has an archive). */
  readonly snsGbArchivedFifo: number;
  /** GB-months of archive storage, over the whole time prod keeps a message. */
  readonly snsGbMonthsArchiveStored: number;
  /** One unit per item written or read: a lower bound (see `billableUnitsOf`). */
  readonly dynamodbWriteUnits: number;
  readonly dynamodbReadUnits: number;
  readonly s3Writes: number;
  readonly s3Reads: number;
  readonly sesEmails: number;
  readonly httpApiRequests: number;
}

/** One line of the cost: what, how many per order, and what a million orders pay for it. */
export interface CostLine {
  readonly service: string;
  readonly item: string;
  readonly perOrder: number;
  readonly dollarsPerMillionOrders: number;
}

const gib = 1024 ** 3;

/** What the billed units of one order cost a million orders, line by line (zero lines left out). */
export const priceUnits = (units: BillableUnits, prices: AwsPrices): CostLine[] => {
  const million = 1_000_000;
  const lines: CostLine[] = [
    {
      service: 'Lambda',
      item: 'requests',
      perOrder: units.lambdaRequests,
      dollarsPerMillionOrders: units.lambdaRequests * prices.lambda.perMillionRequests,
    },
    {
      service: 'Lambda',
      item: 'GB-seconds, arm64',
      perOrder: units.lambdaGbSecondsArm64,
      dollarsPerMillionOrders:
        units.lambdaGbSecondsArm64 * million * prices.lambda.perGbSecondArm64,
    },
    {
      service: 'Lambda',
      item: 'GB-seconds, x86_64',
      perOrder: units.lambdaGbSecondsX86,
      dollarsPerMillionOrders: units.lambdaGbSecondsX86 * million * prices.lambda.perGbSecondX86,
    },
    {
      service: 'SQS',
      item: 'FIFO requests',
      perOrder: units.sqsRequestsFifo,
      dollarsPerMillionOrders: units.sqsRequestsFifo * prices.sqs.perMillionRequestsFifo,
    },
    {
      service: 'SQS',
      item: 'standard requests',
      perOrder: units.sqsRequestsStandard,
      dollarsPerMillionOrders: units.sqsRequestsStandard * prices.sqs.perMillionRequestsStandard,
    },
    {
      service: 'SNS',
      item: 'FIFO publishes',
      perOrder: units.snsPublishesFifo,
      dollarsPerMillionOrders: units.snsPublishesFifo * prices.sns.perMillionPublishesFifo,
    },
    {
      service: 'SNS',
      item: 'standard publishes',
      perOrder: units.snsPublishesStandard,
      dollarsPerMillionOrders: units.snsPublishesStandard * prices.sns.perMillionPublishesStandard,
    },
    {
      service: 'SNS',
      item: 'FIFO payload published, GB',
      perOrder: units.snsGbPublishedFifo,
      dollarsPerMillionOrders: units.snsGbPublishedFifo * million * prices.sns.perGbPublishedFifo,
    },
    {
      service: 'SNS',
      item: 'FIFO deliveries to SQS',
      perOrder: units.snsDeliveriesFifo,
      dollarsPerMillionOrders: units.snsDeliveriesFifo * prices.sns.perMillionDeliveriesFifo,
    },
    {
      service: 'SNS',
      item: 'FIFO payload delivered, GB',
      perOrder: units.snsGbDeliveredFifo,
      dollarsPerMillionOrders: units.snsGbDeliveredFifo * million * prices.sns.perGbDeliveredFifo,
    },
    {
      service: 'SNS',
      item: 'FIFO archive, GB archived',
      perOrder: units.snsGbArchivedFifo,
      dollarsPerMillionOrders: units.snsGbArchivedFifo * million * prices.sns.perGbArchivedFifo,
    },
    {
      service: 'SNS',
      item: 'FIFO archive storage, GB-months',
      perOrder: units.snsGbMonthsArchiveStored,
      dollarsPerMillionOrders:
        units.snsGbMonthsArchiveStored * million * prices.sns.perGbMonthArchiveStored,
    },
    {
      service: 'DynamoDB',
      item: 'write request units',
      perOrder: units.dynamodbWriteUnits,
      dollarsPerMillionOrders: units.dynamodbWriteUnits * prices.dynamodb.perMillionWriteUnits,
    },
    {
      service: 'DynamoDB',
      item: 'read request units',
      perOrder: units.dynamodbReadUnits,
      dollarsPerMillionOrders: units.dynamodbReadUnits * prices.dynamodb.perMillionReadUnits,
    },
    {
      service: 'S3',
      item: 'PUT requests',
      perOrder: units.s3Writes,
      dollarsPerMillionOrders: units.s3Writes * 1000 * prices.s3.perThousandWrites,
    },
    {
      service: 'S3',
      item: 'GET requests',
      perOrder: units.s3Reads,
      dollarsPerMillionOrders: units.s3Reads * 1000 * prices.s3.perThousandReads,
    },
    {
      service: 'SES',
      item: 'emails',
      perOrder: units.sesEmails,
      dollarsPerMillionOrders: units.sesEmails * 1000 * prices.ses.perThousandEmails,
    },
    {
      service: 'API Gateway',
      item: 'HTTP API requests',
      perOrder: units.httpApiRequests,
      dollarsPerMillionOrders: units.httpApiRequests * prices.httpApi.perMillionRequests,
    },
  ];
  return lines.filter((line) => line.perOrder !== 0);
};

/** The sum of some cost lines. */
export const totalOf = (lines: readonly CostLine[]): number =>
  lines.reduce((sum, line) => sum + line.dollarsPerMillionOrders, 0);

/** What the bench knows of the system besides the counts. */
export interface SystemFacts {
  /** `<service>.<function>` to its memory and architecture. */
  readonly sizing: ReadonlyMap<string, FunctionSizing>;
  /** Consumer functions whose queue is a standard one (the rest poll FIFO queues). */
  readonly standardQueueConsumers: ReadonlySet<string>;
  /** Services that publish to a standard topic (the rest publish to FIFO topics only). */
  readonly standardTopicProducers: ReadonlySet<string>;
  readonly namePrefix: string;
  /** How many months prod's FIFO topics keep each message in their archive. */
  readonly archiveMonths: number;
}

const gbSeconds = (billedMs: number, memoryMb: number): number =>
  (billedMs / 1000) * (memoryMb / 1024);

/**
 * What AWS would bill per order for the calls and invocations of `window` (functions' calls
 * only), over `orders` orders. SNS deliveries are `deliveriesPerOrder` (the topology's fan-out:
 * the local cloud makes them inside a publish, not as calls), each with the mean payload
 * published. DynamoDB is one unit per item: an item over 1 KB written (4 KB read) costs more,
 * and a transaction twice, so the figure is a lower bound.
 */
export const billableUnitsOf = (
  window: UsageWindow,
  orders: number,
  httpRequests: number,
  deliveriesPerOrder: number,
  facts: SystemFacts,
): BillableUnits => {
  const units = {
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
    httpApiRequests: httpRequests,
  };
  for (const totals of window.invocations ?? []) {
    const sizing = facts.sizing.get(`${totals.service}.${totals.functionKey}`);
    if (sizing === undefined) {
      throw new Error(`No memory size known for ${totals.service}.${totals.functionKey}`);
    }
    units.lambdaRequests += totals.invocations;
    const seconds = gbSeconds(totals.billedMs, sizing.memoryMb);
    if (sizing.architecture === 'arm64') units.lambdaGbSecondsArm64 += seconds;
    else units.lambdaGbSecondsX86 += seconds;
  }
  let fifoPublishBytes = 0;
  for (const count of window.requests) {
    const fn = functionOfCaller(count.caller, facts.namePrefix) ?? '';
    const service = fn.slice(0, fn.indexOf('.'));
    const kind: CallKind = callKindOf(count.service, count.operation);
    switch (count.service) {
      case 'sqs':
        if (facts.standardQueueConsumers.has(fn)) units.sqsRequestsStandard += count.calls;
        else units.sqsRequestsFifo += count.calls;
        break;
      case 'sns':
        if (kind !== 'SNS publish') break;
        if (facts.standardTopicProducers.has(service)) {
          units.snsPublishesStandard += count.entries;
        } else {
          units.snsPublishesFifo += count.entries;
          fifoPublishBytes += count.bytes;
        }
        break;
      case 'dynamodb': {
        const items = count.operation.startsWith('Transact') ? 2 * count.entries : count.entries;
        if (kind === 'DynamoDB write') units.dynamodbWriteUnits += items;
        else if (kind === 'DynamoDB read') units.dynamodbReadUnits += items;
        break;
      }
      case 's3':
        if (kind === 'S3 write') units.s3Writes += count.calls;
        else units.s3Reads += count.calls;
        break;
      case 'ses':
        if (kind === 'SES send') units.sesEmails += count.calls;
        break;
      default:
        break;
    }
  }
  if (units.snsPublishesFifo > 0) {
    const bytesPerPublish = fifoPublishBytes / units.snsPublishesFifo;
    units.snsGbPublishedFifo = fifoPublishBytes / gib;
    units.snsDeliveriesFifo = deliveriesPerOrder * orders;
    units.snsGbDeliveredFifo = (deliveriesPerOrder * orders * bytesPerPublish) / gib;
    units.snsGbArchivedFifo = units.snsGbPublishedFifo;
    units.snsGbMonthsArchiveStored = units.snsGbPublishedFifo * facts.archiveMonths;
  }
  const perOrder = (value: number): number => (orders === 0 ? 0 : value / orders);
  return {
    lambdaRequests: perOrder(units.lambdaRequests),
    lambdaGbSecondsArm64: perOrder(units.lambdaGbSecondsArm64),
    lambdaGbSecondsX86: perOrder(units.lambdaGbSecondsX86),
    sqsRequestsFifo: perOrder(units.sqsRequestsFifo),
    sqsRequestsStandard: perOrder(units.sqsRequestsStandard),
    snsPublishesFifo: perOrder(units.snsPublishesFifo),
    snsPublishesStandard: perOrder(units.snsPublishesStandard),
    snsGbPublishedFifo: perOrder(units.snsGbPublishedFifo),
    snsDeliveriesFifo: perOrder(units.snsDeliveriesFifo),
    snsGbDeliveredFifo: perOrder(units.snsGbDeliveredFifo),
    snsGbArchivedFifo: perOrder(units.snsGbArchivedFifo),
    snsGbMonthsArchiveStored: perOrder(units.snsGbMonthsArchiveStored),
    dynamodbWriteUnits: perOrder(units.dynamodbWriteUnits),
    dynamodbReadUnits: perOrder(units.dynamodbReadUnits),
    s3Writes: perOrder(units.s3Writes),
    s3Reads: perOrder(units.s3Reads),
    sesEmails: perOrder(units.sesEmails),
    httpApiRequests: perOrder(units.httpApiRequests),
  };
};

/**
 * What the minimum would bill per order, with the measured run's compute (GB-seconds: the work
 * is the same however few the calls) and its payload sizes.
 */
export const billableUnitsOfMinimum = (
  minimum: FlowMinimum,
  batched: BatchedMinimum,
  measured: BillableUnits,
): BillableUnits => {
  const deliveries = minimum.deliveries.reduce((sum, delivery) => sum + delivery.perOrder, 0);
  const gbPerPublish =
    measured.snsPublishesFifo === 0 ? 0 : measured.snsGbPublishedFifo / measured.snsPublishesFifo;
  const archiveMonths =
    measured.snsGbArchivedFifo === 0
      ? 0
      : measured.snsGbMonthsArchiveStored / measured.snsGbArchivedFifo;
  return {
    ...measured,
    lambdaRequests: batched.lambdaInvocations,
    // A receive and a delete per batch.
    sqsRequestsFifo: 2 * batched.fifoBatches,
    sqsRequestsStandard: 2 * batched.standardBatches,
    snsPublishesFifo: minimum.snsPublishes,
    snsPublishesStandard: 0,
    snsGbPublishedFifo: minimum.snsPublishes * gbPerPublish,
    snsDeliveriesFifo: deliveries,
    snsGbDeliveredFifo: deliveries * gbPerPublish,
    snsGbArchivedFifo: minimum.snsPublishes * gbPerPublish,
    snsGbMonthsArchiveStored: minimum.snsPublishes * gbPerPublish * archiveMonths,
    dynamodbWriteUnits: minimum.dynamodbWrites,
    dynamodbReadUnits: minimum.dynamodbReads,
    s3Writes: minimum.s3Writes,
    s3Reads: 0,
    sesEmails: minimum.sesSends,
    httpApiRequests: 1,
  };
};
