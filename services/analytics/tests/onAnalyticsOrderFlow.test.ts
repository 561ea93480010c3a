// Every event type queue `analyticsOrderFlow` delivers, published on its topic the way the
// producer publishes it, reaches its consumer through the local cloud: the subscription, filter
// policy and event source the topology plugin built, and the handler's map. The toolkit logs
// each event it handled with its eventId, and analytics the fact it recorded.
import { randomUUID } from 'node:crypto';
import { PublishCommand } from '@aws-sdk/client-sns';
import {
  type ConveyorEvent,
  eventsDeliveredTo,
  type EventType,
  exampleEventData,
  listPublishedEvents,
  parseEvent,
  topicKeyFor,
  topology,
} from '@conveyor/event-types';
import { toPublishInput } from '@conveyor/lambda-toolkit';
import { localAccountId, localRegion } from '@conveyor/local-cloud';
import { awsClients, waitFor } from '@conveyor/service-testing';
import { describe, expect, inject, it } from 'vitest';
import { serviceLogs } from './support/analyticsApi.ts';

const clients = awsClients({ endpoints: inject('cloudEndpoints') });

/** The contract's example of an event type, at its newest version, as a new event. */
const exampleEvent = (eventType: EventType): ConveyorEvent => {
  const version = Math.max(
    ...listPublishedEvents()
      .filter((published) => published.eventType === eventType)
      .map((published) => published.version),
  );
  const parsed = parseEvent(
    JSON.stringify({
      version,
      eventId: randomUUID(),
      eventType,
      source: topology.topics[topicKeyFor(eventType)]?.producer,
      aggregateId: `ord-${randomUUID()}`,
      occurredAt: new Date().toISOString(),
      metadata: { correlationId: randomUUID() },
      data: exampleEventData[eventType](),
    }),
  );
  if (!parsed.success)
    throw new Error(`The example ${eventType} is invalid: ${parsed.error.message}`);
  return parsed.event;
};

const topicArnOf = (eventType: EventType): string =>
  `arn:aws:sns:${localRegion}:${localAccountId}:conveyor-local-${topology.topics[topicKeyFor(eventType)]?.name ?? ''}`;

const factOf: Partial<Record<EventType, string>> = {
  'order.placed': 'placed',
  'inventory.reserved': 'confirmed',
  'inventory.reservation-failed': 'rejected',
  'shipment.created': 'shipped',
};

describe('onAnalyticsOrderFlow', () => {
  it.each(eventsDeliveredTo('analyticsOrderFlow'))(
    'handles %s published on its topic',
    async (eventType) => {
      // Prepare
      const event = exampleEvent(eventType);

      // Act
      await clients.sns.send(new PublishCommand(toPublishInput(topicArnOf(eventType), event)));

      // Assess
      const handled = await waitFor(
        async () =>
          (await serviceLogs()).find(
            (line) => line['message'] === 'Event handled' && line['eventId'] === event.eventId,
          ),
        { description: `${eventType} ${event.eventId} handled by onAnalyticsOrderFlow` },
      );
      expect(handled).toMatchObject({ eventType, aggregateId: event.aggregateId });
      const recorded = (await serviceLogs()).find(
        (line) => line['message'] === 'Order fact recorded' && line['eventId'] === event.eventId,
      );
      expect(recorded).toMatchObject({
        outcome: 'recorded',
        fact: factOf[eventType],
        orderId: event.aggregateId,
      });
    },
  );
});
