import { getXRayTraceIdFromEnv } from '@aws-lambda-powertools/commons/utils/env';
import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import {
  buildEvent,
  type ConveyorEvent,
  type EventContext,
  type EventDraft,
  type EventOf,
  type EventType,
  type EventVersion,
  topicKeyFor,
  topology,
} from '@conveyor/event-types';
import { ToolkitError } from './errors.ts';

/** Publishes an already-built event. A port: domain code depends on this type, not on SNS. */
export type PublishEvent = (event: ConveyorEvent) => Promise<void>;

/** Builds an event from a draft, carrying tracing ids over from `context`, and publishes it. */
export type EmitEvent = <TType extends EventType, TVersion extends EventVersion<TType>>(
  draft: EventDraft<TType, TVersion>,
  context: EventContext,
) => Promise<EventOf<TType, TVersion>>;

/**
 * The SNS `Publish` input for an event: `MessageGroupId` is the aggregate id so that one order's
 * events stay in order, `MessageDeduplicationId` is the event id so that a republish is dropped
 * by SNS within its 5-minute window, and the attributes feed the subscriptions' filter policies.
 *
 * @example
 * ```ts
 * await sns.send(new PublishCommand(toPublishInput(topicArn, event)));
 * ```
 */
export const toPublishInput = (topicArn: string, event: ConveyorEvent): PublishCommandInput => {
  const expectedTopic = topology.topics[topicKeyFor(event.eventType)]?.name;
  if (expectedTopic === undefined || !topicArn.endsWith(`-${expectedTopic}`)) {
    throw new ToolkitError(
      `${event.eventType} belongs on the ${String(expectedTopic)} topic, not on ${topicArn}`,
    );
  }
  return {
    TopicArn: topicArn,
    Message: JSON.stringify(event),
    MessageGroupId: event.aggregateId,
    MessageDeduplicationId: event.eventId,
    MessageAttributes: {
      eventType: { DataType: 'String', StringValue: event.eventType },
      eventVersion: { DataType: 'String', StringValue: String(event.version) },
      correlationId: { DataType: 'String', StringValue: event.metadata.correlationId },
    },
  };
};

/**
 * Makes the publisher of built events for one SNS FIFO topic.
 *
 * @example
 * ```ts
 * const publishEvent = makePublishEvent(new SNSClient({}), process.env.ORDER_EVENTS_TOPIC_ARN);
 * await publishEvent(orderPlaced);
 * ```
 */
export const makePublishEvent =
  (client: SNSClient, topicArn: string): PublishEvent =>
  async (event) => {
    await client.send(new PublishCommand(toPublishInput(topicArn, withTraceId(event))));
  };

/**
 * The event with `metadata.traceId` set to the current invocation's X-Ray trace, unless it has
 * one. Stamped at publish, not at build: an event kept in an outbox is published, and linked,
 * by the invocation that sends it. Outside Lambda there is no trace id and the event is unchanged.
 */
const withTraceId = (event: ConveyorEvent): ConveyorEvent => {
  const traceId = getXRayTraceIdFromEnv();
  if (traceId === undefined || event.metadata.traceId !== undefined) return event;
  return { ...event, metadata: { ...event.metadata, traceId } };
};

/**
 * Makes a publisher that builds the event first, propagating the correlation id and setting the
 * causation id from the event being handled (`context.causedBy`).
 *
 * @example
 * ```ts
 * const emit = makeEmitEvent(sns, topicArn);
 * await emit({ eventType: 'inventory.reserved', version: 1, aggregateId, data }, { causedBy: orderPlaced });
 * ```
 */
export const makeEmitEvent = (client: SNSClient, topicArn: string): EmitEvent => {
  const publish = makePublishEvent(client, topicArn);
  return async (draft, context) => {
    const event = buildEvent(draft, context);
    await publish(event as ConveyorEvent);
    return event;
  };
};
