// The fewest AWS calls and Lambda invocations an order needs, derived from the topology and from
// what each step must store or send. It is the yardstick `npm run bench:e2e` sets each measured
// figure against.
//
// An order that ships is three events, each published once by its producer: order.placed
// (checkout), inventory.reserved (inventory), shipment.created (shipping). SNS delivers each to
// the queues whose subscription lets it through (topology.json); a body filter (marketing's
// `data.marketingOptIn = true`) delivers to the share of orders that opted in. Every delivery is
// then one record a consumer function handles:
// - receiving and deleting it costs one ReceiveMessage and one DeleteMessageBatch per batch, and
//   one invocation per batch. So per order: deliveries / records per batch, which is the
//   deliveries themselves when each record arrives alone (low rates) and a tenth of them with
//   full FIFO batches of 10. Polls that come back empty are not needed by an order (they are
//   what idle polling costs; the bench counts them apart);
// - its business writes, one per fact the step must keep, with the conditional write that
//   keeps it made the step's idempotency too (an idempotency record beside a conditional write
//   adds nothing an at-least-once consumer needs). Events carry the state consumers need, so no
//   step needs a read.
// Plus POST /checkout: one invocation, the order stored and its event published.
import type { EventType, Topology } from '@conveyor/event-types';

/** What the bench's orders look like, as far as the minimum depends on it. */
export interface OrderShape {
  /** Lines per order: inventory holds stock per line. */
  readonly lines: number;
  /** Share of orders (0 to 1) that opted in to marketing, whom marketing's queue receives. */
  readonly optInShare: number;
}

/** What one step must do beyond receiving and deleting its record. */
export interface StepMinimum {
  readonly dynamodbWrites: number;
  readonly s3Writes: number;
  readonly sesSends: number;
  /** Why these and no fewer. */
  readonly why: string;
}

/** The function a step runs in, as `<service>.<function key>`, and the event it handles. */
export type StepKey = `${string}.${string} <- ${string}`;

/** POST /checkout. */
export const placeOrderMinimum: StepMinimum = {
  dynamodbWrites: 2,
  s3Writes: 0,
  sesSends: 0,
  why: 'the order put on condition it is new (its id derived from the Idempotency-Key, so a retry converges on it), then its unpublished mark cleared once order.placed is out: without the mark, a crash between store and publish would lose the event the design says is never lost',
};

/**
 * Each consumer step of an order that ships. A step the topology delivers but this table lacks
 * counts as {@link unstatedStepMinimum} until someone states it here.
 */
export const consumerStepMinimums: Readonly<Record<StepKey, (shape: OrderShape) => StepMinimum>> = {
  'inventory.onOrderPlaced <- order.placed': (shape) => ({
    dynamodbWrites: 1 + shape.lines,
    s3Writes: 0,
    sesSends: 0,
    why: 'the reservation put on condition it is new (the step idempotent on the order), and one conditional stock update per line (available >= quantity)',
  }),
  'email.onNotificationEvent <- order.placed': () => ({
    dynamodbWrites: 2,
    s3Writes: 0,
    sesSends: 1,
    why: 'SES takes no idempotency token: a claim on the event id before sending, the outcome after (a crash in between must be told from a sent mail), and the mail',
  }),
  'marketing.onAudienceEvent <- order.placed': () => ({
    dynamodbWrites: 1,
    s3Writes: 0,
    sesSends: 0,
    why: 'the contact updated on condition this order is not counted yet',
  }),
  'shipping.onInventoryReserved <- inventory.reserved': () => ({
    dynamodbWrites: 1,
    s3Writes: 1,
    sesSends: 0,
    why: 'the shipment put on condition it is new, and its label PDF',
  }),
  'checkout.onOrderProgress <- inventory.reserved': () => ({
    dynamodbWrites: 1,
    s3Writes: 0,
    sesSends: 0,
    why: 'the status moved to CONFIRMED on condition it only moves forward',
  }),
  'inventory.onShipmentCreated <- shipment.created': (shape) => ({
    dynamodbWrites: 1 + shape.lines,
    s3Writes: 0,
    sesSends: 0,
    why: 'the shipment recorded on the reservation on condition it is not yet (the step idempotent on the order), and one stock update per line turning the hold into an on-hand decrement',
  }),
  'checkout.onOrderProgress <- shipment.created': () => ({
    dynamodbWrites: 1,
    s3Writes: 0,
    sesSends: 0,
    why: 'the status moved to SHIPPED on condition it only moves forward',
  }),
  'email.onNotificationEvent <- shipment.created': () => ({
    dynamodbWrites: 2,
    s3Writes: 0,
    sesSends: 1,
    why: 'as for the confirmation: claim, outcome, mail',
  }),
  'analytics.onAnalyticsOrderFlow <- order.placed': () => ({
    dynamodbWrites: 2,
    s3Writes: 0,
    sesSends: 0,
    why: 'the placed fact put on condition it is new (the step idempotent and commutative), and the placed milestone the lead time needs',
  }),
  'analytics.onAnalyticsOrderFlow <- inventory.reserved': () => ({
    dynamodbWrites: 1,
    s3Writes: 0,
    sesSends: 0,
    why: 'the confirmed fact (revenue, lines) put on condition it is new',
  }),
  'analytics.onAnalyticsOrderFlow <- shipment.created': () => ({
    dynamodbWrites: 3,
    s3Writes: 0,
    sesSends: 0,
    why: 'the shipped fact, the shipped milestone, and the lead time written by whichever of placed and shipped comes second (shipped, in a flowing order)',
  }),
};

/**
 * The minimum of a consumer step the table does not state (one a team added with the consumer
 * generator, say): its delivery alone, which the batches count. Only the step's author knows
 * which writes it must make, and nothing in the topology tells; any figure above zero could
 * exceed what the step needs, and a minimum must never do that. The delivery says it was not
 * stated, so a report can name it.
 */
export const unstatedStepMinimum: StepMinimum = {
  dynamodbWrites: 0,
  s3Writes: 0,
  sesSends: 0,
  why: 'no minimum stated in consumerStepMinimums (flowMinimum.ts): its delivery alone, received, deleted and invoked for, with no write assumed',
};

/** The events of an order that ships, in order. */
export const shippedOrderEvents = [
  'order.placed',
  'inventory.reserved',
  'shipment.created',
] as const satisfies readonly EventType[];

/** One event reaching one queue, per order. */
export interface Delivery {
  readonly eventType: EventType;
  readonly queueKey: string;
  readonly fifo: boolean;
  /** `<service>.<function key>` of the consumer. */
  readonly consumer: string;
  /** Deliveries per order: 1, or the share a body filter lets through. */
  readonly perOrder: number;
  /** The most records Lambda puts in one batch (the queue's deployed `batchSize`). */
  readonly batchSize: number;
  readonly step: StepMinimum;
  /** False when consumerStepMinimums lacks the step and it counts as {@link unstatedStepMinimum}. */
  readonly stated: boolean;
}

/** The minimum per order that does not depend on batching. */
export interface FlowMinimum {
  readonly shape: OrderShape;
  readonly deliveries: readonly Delivery[];
  readonly snsPublishes: number;
  readonly dynamodbWrites: number;
  readonly dynamodbReads: number;
  readonly s3Writes: number;
  readonly sesSends: number;
  /** POST /checkout's own invocation. */
  readonly httpInvocations: number;
}

/** A topology the minimum cannot be derived from (a body filter of unknown share, say). */
export class NoMinimumError extends Error {
  override readonly name = 'NoMinimumError';
}

const isOptInFilter = (filter: Readonly<Record<string, unknown>>): boolean =>
  JSON.stringify(filter) === JSON.stringify({ data: { marketingOptIn: [true] } });

/**
 * The minimum per order for `shape`, from `topology`'s deliveries and the steps' minimums.
 *
 * A delivery whose step `steps` lacks counts as {@link unstatedStepMinimum}, marked `stated: false`.
 *
 * @throws NoMinimumError for an event of the order no topic carries, or a body filter it cannot
 *   tell the share of.
 */
export const deriveFlowMinimum = (
  topology: Topology,
  shape: OrderShape,
  steps: Readonly<Record<string, (shape: OrderShape) => StepMinimum>> = consumerStepMinimums,
): FlowMinimum => {
  const deliveries: Delivery[] = [];
  for (const eventType of shippedOrderEvents) {
    const topicKey = Object.entries(topology.topics).find(([, topic]) =>
      topic.events.includes(eventType),
    )?.[0];
    if (topicKey === undefined) throw new NoMinimumError(`No topic carries ${eventType}.`);
    for (const [queueKey, queue] of Object.entries(topology.queues)) {
      const subscription = queue.subscriptions[topicKey];
      if (subscription?.events.includes(eventType) !== true) continue;
      let perOrder = 1;
      if (subscription.bodyFilter !== undefined) {
        if (eventType !== 'order.placed' || !isOptInFilter(subscription.bodyFilter)) {
          throw new NoMinimumError(
            `Queue ${queueKey} filters ${eventType} on its body (${JSON.stringify(subscription.bodyFilter)}); state the share it lets through in flowMinimum.ts.`,
          );
        }
        perOrder = shape.optInShare;
      }
      const consumer: `${string}.${string}` = `${queue.consumer}.${queue.function}`;
      const key: StepKey = `${consumer} <- ${eventType}`;
      const step = steps[key];
      deliveries.push({
        eventType,
        queueKey,
        fifo: queue.fifo,
        consumer,
        perOrder,
        batchSize: queue.batchSize,
        step: step === undefined ? unstatedStepMinimum : step(shape),
        stated: step !== undefined,
      });
    }
  }
  const sum = (pick: (delivery: Delivery) => number): number =>
    deliveries.reduce((total, delivery) => total + pick(delivery) * delivery.perOrder, 0);
  return {
    shape,
    deliveries,
    snsPublishes: shippedOrderEvents.length,
    dynamodbWrites:
      placeOrderMinimum.dynamodbWrites + sum((delivery) => delivery.step.dynamodbWrites),
    dynamodbReads: 0,
    s3Writes: placeOrderMinimum.s3Writes + sum((delivery) => delivery.step.s3Writes),
    sesSends: placeOrderMinimum.sesSends + sum((delivery) => delivery.step.sesSends),
    httpInvocations: 1,
  };
};

/** The minimum per order once batching is known. */
export interface BatchedMinimum {
  /** Batches per order on FIFO queues and on standard ones (SQS prices them apart). */
  readonly fifoBatches: number;
  readonly standardBatches: number;
  readonly sqsReceives: number;
  readonly sqsDeletes: number;
  readonly lambdaInvocations: number;
  /** Every AWS API call: publishes, receives, deletes, writes, label, mails. */
  readonly awsCalls: number;
}

/**
 * The minimum with `recordsPerBatch(delivery)` records per batch on each queue: 1 (each record
 * alone), `delivery.batchSize` (full batches) or what a run achieved. Deliveries to one queue
 * share its batches whatever their event type.
 */
export const minimumWithBatches = (
  minimum: FlowMinimum,
  recordsPerBatch: (delivery: Delivery) => number,
): BatchedMinimum => {
  const batchesOn = (fifo: boolean): number =>
    minimum.deliveries
      .filter((delivery) => delivery.fifo === fifo)
      .reduce(
        (total, delivery) => total + delivery.perOrder / Math.max(1, recordsPerBatch(delivery)),
        0,
      );
  const fifoBatches = batchesOn(true);
  const standardBatches = batchesOn(false);
  const batches = fifoBatches + standardBatches;
  return {
    fifoBatches,
    standardBatches,
    sqsReceives: batches,
    sqsDeletes: batches,
    lambdaInvocations: minimum.httpInvocations + batches,
    awsCalls:
      minimum.snsPublishes +
      2 * batches +
      minimum.dynamodbWrites +
      minimum.dynamodbReads +
      minimum.s3Writes +
      minimum.sesSends,
  };
};
