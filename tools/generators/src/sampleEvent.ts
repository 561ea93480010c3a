import { createHash, randomUUID } from 'node:crypto';
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import {
  buildEvent,
  type ConveyorEvent,
  type EventType,
  EventTypes,
  type EventVersion,
  eventsDeliveredTo,
  exampleEventData,
  listPublishedEvents,
  stageName,
  topicKeyFor,
  type Topology,
  topology as loadedTopology,
} from '@conveyor/event-types';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import { localAccountId, localRegion } from '@conveyor/local-cloud';
import { toLambdaSqsRecord } from '@conveyor/serverless-local-cloud';
import type { SNSEvent, SQSEvent } from 'aws-lambda';
import { GeneratorError } from './GeneratorError.ts';

/** The two Lambda event shapes `npm run sample-event` prints. */
export const SampleEventShapes = {
  /** One SQS record, as a consumer's event source mapping hands it over (raw delivery). */
  Sqs: 'sqs',
  /** One SNS notification, as SNS invokes a function subscribed to a topic. */
  Sns: 'sns',
} as const;

/** One of {@link SampleEventShapes}. */
export type SampleEventShape = (typeof SampleEventShapes)[keyof typeof SampleEventShapes];

/** Options of {@link sampleEvent}. */
export interface SampleEventOptions {
  /** The event type, such as `order.placed`. */
  readonly eventType: string;
  /** Default `sqs`. */
  readonly as?: SampleEventShape;
  /**
   * For `sqs`: the consumer's queue, by its topology key (`inventoryOrders`) or its name
   * (`inventory-orders`); needed when several queues take the event type.
   */
  readonly queue?: string;
  /** Default `local`; ARNs and names are the stage's. */
  readonly stage?: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default the local cloud's account on stage `local`, else AWS's example account. */
  readonly accountId?: string;
  /** The topology to read queues from; default the loaded one (`parseTopology`'s, for tests). */
  readonly from?: Topology;
  /** Clock and ids, for tests. */
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/** What {@link sampleEvent} built. */
export interface SampleEvent {
  readonly event: SQSEvent | SNSEvent;
  /** The Conveyor event inside it. */
  readonly conveyorEvent: ConveyorEvent;
  /** Things worth knowing about the shape, for stderr. */
  readonly notes: readonly string[];
}

/** The account AWS's documentation uses in its example ARNs. */
export const EXAMPLE_ACCOUNT_ID = '123456789012';

/**
 * `SenderId` of the messages SNS delivers to SQS: in AWS, SNS's own principal; the local cloud
 * (fauxqs) gives its account id instead.
 */
export const SNS_SENDER_ID = 'AIDAIT2UOQQY3AUEKVGXU';

const isEventType = (value: string): value is EventType =>
  (Object.values(EventTypes) as string[]).includes(value);

const newestVersion = (eventType: EventType): number =>
  Math.max(
    ...listPublishedEvents()
      .filter((published) => published.eventType === eventType)
      .map((published) => published.version),
  );

const md5 = (bytes: Buffer | string): string => createHash('md5').update(bytes).digest('hex');

const lengthPrefixed = (bytes: Buffer): Buffer => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
};

/**
 * SQS's `MD5OfMessageAttributes`: the MD5 of every attribute, sorted by name, as its name, data
 * type, a transport byte (1 string, 2 binary) and value, each string length-prefixed.
 *
 * @example
 * ```ts
 * md5OfMessageAttributes({ eventType: { DataType: 'String', StringValue: 'order.placed' } });
 * ```
 */
export const md5OfMessageAttributes = (
  attributes: Readonly<Record<string, MessageAttributeValue>>,
): string => {
  const parts = Object.keys(attributes)
    .sort()
    .flatMap((name) => {
      const value = attributes[name];
      if (value === undefined) return [];
      const binary = value.BinaryValue !== undefined;
      return [
        lengthPrefixed(Buffer.from(name, 'utf8')),
        lengthPrefixed(Buffer.from(value.DataType ?? 'String', 'utf8')),
        Buffer.from([binary ? 2 : 1]),
        lengthPrefixed(
          binary
            ? Buffer.from(value.BinaryValue ?? new Uint8Array())
            : Buffer.from(value.StringValue ?? '', 'utf8'),
        ),
      ];
    });
  return md5(Buffer.concat(parts));
};

const withoutFifo = (name: string): string => name.replace(/\.fifo$/, '');

// A queue's topology key from its key or its name (`inventory-orders`, with or without `.fifo`,
// or the stage's full name, as the printed note names it), as `npm run dlq` and `npm run replay`
// take it.
const queueKeyOf = (topology: Topology, wanted: string, stage: string): string | undefined =>
  Object.hasOwn(topology.queues, wanted)
    ? wanted
    : Object.entries(topology.queues).find(([, queue]) =>
        [queue.name, stageName(stage, queue.name)].some(
          (name) => withoutFifo(name) === withoutFifo(wanted),
        ),
      )?.[0];

// The consumer queue of an event type: the one asked for, or the only one that takes it.
const queueFor = (
  topology: Topology,
  eventType: EventType,
  asked: string | undefined,
  stage: string,
): string => {
  const takers = Object.keys(topology.queues).filter((key) =>
    eventsDeliveredTo(key, topology).includes(eventType),
  );
  if (asked !== undefined) {
    const wanted = queueKeyOf(topology, asked, stage);
    if (wanted === undefined) {
      throw new GeneratorError(
        `Unknown queue "${asked}"; the topology has ${Object.entries(topology.queues)
          .map(([key, queue]) => `${key} (${withoutFifo(queue.name)})`)
          .join(', ')}`,
      );
    }
    if (!takers.includes(wanted)) {
      throw new GeneratorError(
        `Queue ${wanted} does not take ${eventType}; ${takers.length === 0 ? 'no queue does' : `these do: ${takers.join(', ')}`}`,
      );
    }
    return wanted;
  }
  const [only, ...others] = takers;
  if (only === undefined) throw new GeneratorError(`No queue takes ${eventType} yet`);
  if (others.length > 0) {
    throw new GeneratorError(
      `${eventType} goes to several queues (${takers.join(', ')}): pick one with --queue`,
    );
  }
  return only;
};

/**
 * The exact Lambda event a consumer of `eventType` receives: the contract's example event
 * (`exampleEventData`, newest version, fresh ids), published as the toolkit publishes it
 * (`toPublishInput`: message attributes, group id = aggregate id, deduplication id = event id),
 * then either delivered with raw delivery to the consumer's queue and handed over as one SQS
 * record (`toLambdaSqsRecord`, as the local event source runner does; FIFO attributes only on a
 * FIFO queue, as SNS passes them to FIFO queues only), or as an SNS notification.
 *
 * @example
 * ```ts
 * const { event } = sampleEvent({ eventType: 'order.placed', queue: 'inventoryOrders' });
 * ```
 * @throws GeneratorError for an unknown event type, or a queue that is unknown, does not take
 *   the event type, or is not named when several do.
 */
export const sampleEvent = (options: SampleEventOptions): SampleEvent => {
  const { eventType } = options;
  if (!isEventType(eventType)) {
    throw new GeneratorError(
      `Unknown event type "${eventType}"; published: ${Object.values(EventTypes).join(', ')}`,
    );
  }
  const topology = options.from ?? loadedTopology;
  const stage = options.stage ?? 'local';
  const region = options.region ?? localRegion;
  const accountId = options.accountId ?? (stage === 'local' ? localAccountId : EXAMPLE_ACCOUNT_ID);
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const conveyorEvent: ConveyorEvent = buildEvent<EventType, EventVersion<EventType>>(
    {
      eventType,
      version: newestVersion(eventType) as EventVersion<EventType>,
      aggregateId: newId(),
      data: exampleEventData[eventType](),
    },
    { correlationId: newId(), now, newId },
  );
  const topicKey = topicKeyFor(eventType);
  const topic = topology.topics[topicKey];
  if (topic === undefined) throw new GeneratorError(`No topic carries ${eventType}`);
  const topicArn = `arn:aws:sns:${region}:${accountId}:${stageName(stage, topic.name)}`;
  const published = toPublishInput(topicArn, conveyorEvent);
  const sentAt = String(now().getTime());
  const attributes = published.MessageAttributes ?? {};

  if (options.as === SampleEventShapes.Sns) {
    if (options.queue !== undefined) {
      throw new GeneratorError('--queue is for --as sqs: SNS invokes a function directly');
    }
    const messageId = newId();
    const subscriptionArn = `${topicArn}:${newId()}`;
    const event: SNSEvent = {
      Records: [
        {
          EventVersion: '1.0',
          EventSubscriptionArn: subscriptionArn,
          EventSource: 'aws:sns',
          Sns: {
            SignatureVersion: '1',
            Timestamp: now().toISOString(),
            Signature: 'EXAMPLE',
            SigningCertUrl: `https://sns.${region}.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem`,
            MessageId: messageId,
            Message: published.Message ?? '',
            MessageAttributes: Object.fromEntries(
              Object.entries(attributes).map(([name, value]) => [
                name,
                { Type: value.DataType ?? 'String', Value: value.StringValue ?? '' },
              ]),
            ),
            Type: 'Notification',
            UnsubscribeUrl: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
            TopicArn: topicArn,
          },
        },
      ],
    };
    return {
      event,
      conveyorEvent,
      notes: topic.fifo
        ? [
            `${stageName(stage, topic.name)} is an SNS FIFO topic: Lambda cannot subscribe to it, only SQS queues can (Conveyor's consumers read queues: --as sqs).`,
          ]
        : [],
    };
  }

  const queueKey = queueFor(topology, eventType, options.queue, stage);
  const queue = topology.queues[queueKey];
  if (queue === undefined) throw new GeneratorError(`Unknown queue "${queueKey}"`);
  const sqsAttributes: Record<string, MessageAttributeValue> = Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      { DataType: value.DataType, StringValue: value.StringValue },
    ]),
  );
  const body = published.Message ?? '';
  const message: Message = {
    MessageId: newId(),
    ReceiptHandle: Buffer.from(`${queueKey}#${newId()}`).toString('base64'),
    Body: body,
    MD5OfBody: md5(body),
    MessageAttributes: sqsAttributes,
    MD5OfMessageAttributes: md5OfMessageAttributes(sqsAttributes),
    Attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: sentAt,
      SenderId: stage === 'local' ? localAccountId : SNS_SENDER_ID,
      ApproximateFirstReceiveTimestamp: sentAt,
      // SNS FIFO passes group and deduplication ids on to FIFO queues only.
      ...(queue.fifo
        ? {
            SequenceNumber: `${sentAt}${'0'.repeat(20 - sentAt.length)}`,
            MessageGroupId: published.MessageGroupId ?? '',
            MessageDeduplicationId: published.MessageDeduplicationId ?? '',
          }
        : {}),
    },
  };
  const record = toLambdaSqsRecord(message, {
    queueArn: `arn:aws:sqs:${region}:${accountId}:${stageName(stage, queue.name)}`,
    region,
  });
  return {
    event: { Records: [record] },
    conveyorEvent,
    notes: [
      `Queue ${queueKey} (${stageName(stage, queue.name)}), read by ${queue.consumer}'s ${queue.function}.`,
    ],
  };
};
