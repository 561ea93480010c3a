import { describe, expect, it } from 'vitest';
import topologyJson from '../topology.json' with { type: 'json' };
import { EventTypesError } from './errors.ts';
import { EventTypes } from './eventCatalog.ts';
import {
  archiveRetentionDaysFor,
  assertHandlersCover,
  eventsDeliveredTo,
  operationsTopicName,
  parseTopology,
  queueName,
  queueSettingsFor,
  stageName,
  topicKeyFor,
  topicName,
  type Topology,
  topology,
} from './topology.ts';

// Fixtures: the real topology with one queue's or topic's fields replaced.
const withQueue = (queueKey: string, changes: Readonly<Record<string, unknown>>): unknown => ({
  ...topology,
  queues: { ...topology.queues, [queueKey]: { ...topology.queues[queueKey], ...changes } },
});

const withTopic = (topicKey: string, changes: Readonly<Record<string, unknown>>): unknown => ({
  ...topology,
  topics: { ...topology.topics, [topicKey]: { ...topology.topics[topicKey], ...changes } },
});

describe('topology', () => {
  it('loads the real topology.json, validated, with every new field', () => {
    // Act
    const parsed = parseTopology(topologyJson);

    // Assess
    expect(parsed).toEqual(topology);
    expect(topology.operations.topicName).toBe('operations');
    expect(topology.topics['orderEvents']?.logicalId).toBe('OrderEvents');
    expect(topology.queues['marketingAudience']).toMatchObject({
      logicalId: 'Audience',
      consumer: 'marketing',
      function: 'onAudienceEvent',
      batchSize: 50,
      batchingWindow: 5,
      maximumConcurrency: 2,
      stages: { local: { batchingWindow: 2 } },
    });
  });

  it('parses topology.json to the file as it is, which a Lambda bundle takes unparsed', () => {
    // Act: a bundle's build defines __CONVEYOR_TOPOLOGY_VALIDATED__ and skips the parse
    const parsed = parseTopology(topologyJson);

    // Assess: nothing stripped, defaulted or transformed
    expect(parsed).toStrictEqual(topologyJson);
  });

  it('archives every topic, as FIFO topics, for a year in prod', () => {
    // Act
    const archives = Object.entries(topology.topics).map(([topicKey, topic]) => [
      topicKey,
      topic.fifo,
      archiveRetentionDaysFor(topicKey, 'prod', topology),
    ]);

    // Assess
    expect(archives).toEqual(Object.keys(topology.topics).map((key) => [key, true, 365]));
  });

  it('puts every event type on exactly one topic', () => {
    // Act: by event type, so a failure names the one missing (or doubled) in topology.json.
    const carriers = Object.fromEntries(
      Object.values(EventTypes).map((eventType) => [
        eventType,
        Object.entries(topology.topics)
          .filter(([, topic]) => topic.events.includes(eventType))
          .map(([key]) => key),
      ]),
    );

    // Assess
    for (const [eventType, topics] of Object.entries(carriers)) {
      expect(topics, `topics of ${eventType} in topology.json`).toHaveLength(1);
    }
  });

  it('derives physical names per stage', () => {
    // Act
    const names = [
      topicName('dev', 'orderEvents'),
      queueName('prod', 'marketingAudience'),
      operationsTopicName('prod'),
    ];

    // Assess
    expect(names).toEqual([
      'conveyor-dev-order-events.fifo',
      'conveyor-prod-marketing-audience',
      'conveyor-prod-operations',
    ]);
  });

  it('refuses a stage that would make an invalid resource name', () => {
    // Act
    const act = () => stageName('Dev Stage', 'x');

    // Assess
    expect(act).toThrow(/Invalid stage "Dev Stage"/);
  });

  it('finds the topic of an event type', () => {
    // Act
    const key = topicKeyFor('inventory.reservation-failed');

    // Assess
    expect(key).toBe('inventoryEvents');
  });
});

describe('parseTopology', () => {
  it.each([
    {
      problem: 'a batching window on a FIFO queue',
      json: withQueue('inventoryOrders', { batchingWindow: 1 }),
      message: /queue "inventoryOrders" batchingWindow: a FIFO queue takes no batching window/,
    },
    {
      problem: 'a FIFO batch over 10',
      json: withQueue('inventoryOrders', { batchSize: 11 }),
      message: /queue "inventoryOrders" batchSize: a FIFO queue's batch is at most 10, not 11/,
    },
    {
      problem: 'a standard batch over 10 without a window',
      json: withQueue('marketingAudience', { batchingWindow: 0, stages: {} }),
      message:
        /queue "marketingAudience" batchSize: a batch over 10 \(here 50\) needs a batchingWindow of at least 1 second/,
    },
    {
      problem: 'a batch over 10,000',
      json: withQueue('marketingAudience', { batchSize: 10_001 }),
      message: /queue "marketingAudience" batchSize: must be at most 10,000/,
    },
    {
      problem: 'a maximum concurrency under 2',
      json: withQueue('shippingRequests', { maximumConcurrency: 1 }),
      message: /queue "shippingRequests" maximumConcurrency: must be 2-1000/,
    },
    {
      problem: 'a maximum concurrency over 1000',
      json: withQueue('shippingRequests', { maximumConcurrency: 1001 }),
      message: /queue "shippingRequests" maximumConcurrency: must be 2-1000/,
    },
    {
      problem: 'a stage override that puts a window on a FIFO queue',
      json: withQueue('emailNotifications', { stages: { local: { batchingWindow: 2 } } }),
      message:
        /queue "emailNotifications" stages\.local\.batchingWindow: a FIFO queue takes no batching window .* \(in stage "local"\)/,
    },
    {
      problem: 'a stage override that removes the window a large standard batch needs',
      json: withQueue('marketingAudience', { stages: { dev: { batchingWindow: 0 } } }),
      message:
        /queue "marketingAudience" stages\.dev\.batchSize: a batch over 10 .* \(in stage "dev"\)/,
    },
    {
      problem: 'a subscription to a topic that does not exist',
      json: withQueue('shippingRequests', {
        subscriptions: { returnEvents: { events: ['order.placed'] } },
      }),
      message:
        /queue "shippingRequests" subscriptions\.returnEvents: subscribes to topic "returnEvents", which the topology does not declare/,
    },
    {
      problem: 'a subscription to an event the topic never carries',
      json: withQueue('shippingRequests', {
        subscriptions: { inventoryEvents: { events: ['inventory.reserved', 'order.placed'] } },
      }),
      message:
        /queue "shippingRequests" subscriptions\.inventoryEvents\.events: topic "inventoryEvents" never carries order\.placed/,
    },
    {
      problem: 'a FIFO queue on a standard topic',
      json: withTopic('shippingEvents', { name: 'shipping-events', fifo: false }),
      message:
        /queue "emailNotifications" subscriptions\.shippingEvents: a FIFO queue cannot subscribe to the standard topic "shippingEvents"/,
    },
    {
      problem: 'a DLQ of the other kind',
      json: withQueue('checkoutOrderStatus', { dlqName: 'checkout-order-status-dlq' }),
      message: /queue "checkoutOrderStatus" dlqName: the DLQ is of its queue's kind/,
    },
    {
      problem: 'a standard queue named .fifo',
      json: withQueue('marketingAudience', { name: 'marketing-audience.fifo' }),
      message: /queue "marketingAudience" name: only a FIFO queue's name ends with "\.fifo"/,
    },
    {
      problem: 'a queue named like another queue',
      json: withQueue('shippingRequests', { name: 'inventory-orders.fifo' }),
      message:
        /queue "shippingRequests" name: "inventory-orders\.fifo" is already the name of queue "inventoryOrders"/,
    },
    {
      problem: 'a queue named like its own DLQ',
      json: withQueue('shippingRequests', { dlqName: 'shipping-requests.fifo' }),
      message:
        /queue "shippingRequests" dlqName: "shipping-requests\.fifo" is already the name of queue "shippingRequests"/,
    },
    {
      problem: 'a name too long for SQS in the longest stage',
      json: withQueue('marketingAudience', { name: `marketing-${'a'.repeat(41)}` }),
      message: /queue "marketingAudience" name: .* is longer than the 50 characters/,
    },
    {
      problem: 'two topics of one name',
      json: withTopic('shippingEvents', { name: 'order-events.fifo' }),
      message:
        /topic "shippingEvents" name: "order-events\.fifo" is already the name of topic "orderEvents"/,
    },
    {
      problem: 'two topics of one logicalId',
      json: withTopic('shippingEvents', { logicalId: 'OrderEvents' }),
      message: /topic "shippingEvents" logicalId: "OrderEvents" is already the logicalId/,
    },
    {
      problem: 'an event type on two topics',
      json: withTopic('shippingEvents', { events: ['shipment.created', 'order.placed'] }),
      message: /topic "shippingEvents" events: order\.placed is already on topic "orderEvents"/,
    },
    {
      problem: 'a FIFO operations topic',
      json: { ...topology, operations: { topicName: 'operations.fifo' } },
      message: /operations\.topicName: CloudWatch alarms cannot notify a FIFO topic/,
    },
    {
      problem: 'an event type the catalog does not know',
      json: withTopic('orderEvents', { events: ['order.cancelled'] }),
      message: /topic "orderEvents" events\.0: Invalid option/,
    },
    {
      problem: 'a producer that is not a known service, saying where services are listed',
      json: withTopic('orderEvents', { producer: 'order-audit' }),
      message:
        /topic "orderEvents" producer: expected one of checkout, .*; a service that publishes is listed in ServiceNames \(libs\/event-types\/src\/envelope\.ts\)/,
    },
    {
      problem: 'an archive on a standard topic',
      json: withTopic('audienceEvents', { name: 'audience-events', fifo: false }),
      message:
        /topic "audienceEvents" archive: only a FIFO topic takes an archive \(SNS archives and replays FIFO topics only\)/,
    },
    {
      problem: 'an archive kept no day',
      json: withTopic('orderEvents', { archive: { retentionDays: 0 } }),
      message: /topic "orderEvents" archive\.retentionDays: must be 1-365 days/,
    },
    {
      problem: "an archive kept longer than SNS's year in a stage",
      json: withTopic('orderEvents', {
        archive: { retentionDays: 7, stages: { prod: { retentionDays: 366 } } },
      }),
      message: /topic "orderEvents" archive\.stages\.prod\.retentionDays: must be 1-365 days/,
    },
    {
      problem: 'an archive retention that is not a whole number of days',
      json: withTopic('orderEvents', { archive: { retentionDays: 1.5 } }),
      message: /topic "orderEvents" archive\.retentionDays: Invalid input: expected int/,
    },
    {
      problem: 'an archive override for something that is not a stage',
      json: withTopic('orderEvents', {
        archive: { retentionDays: 7, stages: { Prod: { retentionDays: 365 } } },
      }),
      message: /topic "orderEvents" archive\.stages\.Prod: Invalid key in record/,
    },
    {
      problem: 'a misspelt archive field',
      json: withTopic('orderEvents', { archive: { retentionDay: 7 } }),
      message: /topic "orderEvents" archive: Unrecognized key: "retentionDay"/,
    },
    {
      problem: 'a misspelt field',
      json: withQueue('inventoryOrders', { batchWindow: 1 }),
      message: /queue "inventoryOrders": Unrecognized key: "batchWindow"/,
    },
  ])('refuses $problem, naming the queue or topic', ({ json, message }) => {
    // Act
    const act = () => parseTopology(json);

    // Assess
    expect(act).toThrow(EventTypesError);
    expect(act).toThrow(message);
  });

  it('refuses two queues of one logicalId in the same consumer stack, not in different ones', () => {
    // Prepare
    const sameStack = {
      ...topology,
      queues: {
        ...topology.queues,
        inventoryReturns: {
          ...topology.queues['inventoryOrders'],
          name: 'inventory-returns.fifo',
          dlqName: 'inventory-returns-dlq.fifo',
        },
      },
    };
    const otherStack = withQueue('shippingRequests', { logicalId: 'Orders' });

    // Act
    const refuse = () => parseTopology(sameStack);
    const accept = () => parseTopology(otherStack);

    // Assess
    expect(refuse).toThrow(
      /queue "inventoryReturns" logicalId: "Orders" is already the logicalId of queue "inventoryOrders" in inventory's stack/,
    );
    expect(accept).not.toThrow();
  });

  it('lists every problem at once', () => {
    // Prepare
    const json = withQueue('inventoryOrders', { batchSize: 20, maximumConcurrency: 0 });

    // Act
    const act = () => parseTopology(json);

    // Assess
    expect(act).toThrow(
      /maximumConcurrency: must be 2-1000.*; queue "inventoryOrders" batchSize: a FIFO queue's batch is at most 10/,
    );
  });
});

describe('queueSettingsFor', () => {
  it("applies a stage's override and keeps the queue's own settings elsewhere", () => {
    // Act
    const local = queueSettingsFor('marketingAudience', 'local');
    const prod = queueSettingsFor('marketingAudience', 'prod');

    // Assess
    expect(local).toEqual({ batchSize: 50, batchingWindow: 2, maximumConcurrency: 2 });
    expect(prod).toEqual({ batchSize: 50, batchingWindow: 5, maximumConcurrency: 2 });
  });

  it('gives a FIFO queue no window', () => {
    // Act
    const settings = queueSettingsFor('inventoryOrders', 'dev');

    // Assess
    expect(settings).toEqual({ batchSize: 10, maximumConcurrency: 5 });
  });

  it('checks the settings again once the override is applied', () => {
    // Prepare: built by hand, so it never went through parseTopology
    const inventoryOrders = topology.queues['inventoryOrders']!;
    const unchecked: Topology = {
      ...topology,
      queues: { inventoryOrders: { ...inventoryOrders, stages: { local: { batchingWindow: 2 } } } },
    };

    // Act
    const local = () => queueSettingsFor('inventoryOrders', 'local', unchecked);
    const dev = () => queueSettingsFor('inventoryOrders', 'dev', unchecked);

    // Assess
    expect(local).toThrow(
      /Invalid settings of queue "inventoryOrders" in stage "local": batchingWindow: a FIFO queue takes no batching window/,
    );
    expect(dev()).toEqual({ batchSize: 10, maximumConcurrency: 5 });
  });

  it('refuses an unknown queue and an invalid stage', () => {
    // Act
    const unknownQueue = () => queueSettingsFor('returns', 'dev', topology);
    const invalidStage = () => queueSettingsFor('inventoryOrders', 'Dev Stage');

    // Assess
    expect(unknownQueue).toThrow(/Unknown queue "returns"; the topology has inventoryOrders, /);
    expect(invalidStage).toThrow(/Invalid stage "Dev Stage"/);
  });
});

describe('archiveRetentionDaysFor', () => {
  it("applies a stage's retention and keeps the archive's own elsewhere", () => {
    // Act
    const days = ['prod', 'dev', 'local'].map((stage) =>
      archiveRetentionDaysFor('orderEvents', stage),
    );

    // Assess
    expect(days).toEqual([365, 7, 7]);
  });

  it('is undefined for a topic without an archive', () => {
    // Prepare
    const { archive: _archive, ...withoutArchive } = topology.topics['orderEvents']!;
    const from: Topology = { ...topology, topics: { orderEvents: withoutArchive } };

    // Act
    const days = archiveRetentionDaysFor('orderEvents', 'prod', from);

    // Assess
    expect(days).toBeUndefined();
  });

  it('refuses an unknown topic and an invalid stage', () => {
    // Act
    const unknownTopic = () => archiveRetentionDaysFor('returnEvents', 'prod', topology);
    const invalidStage = () => archiveRetentionDaysFor('orderEvents', 'Prod Stage');

    // Assess
    expect(unknownTopic).toThrow(/Unknown topic "returnEvents"; the topology has orderEvents, /);
    expect(invalidStage).toThrow(/Invalid stage "Prod Stage"/);
  });
});

describe('eventsDeliveredTo', () => {
  it('is the union of the events every subscription of the queue lets through', () => {
    // Act
    const delivered = eventsDeliveredTo('checkoutOrderStatus');

    // Assess
    expect(delivered).toEqual([
      'inventory.reserved',
      'inventory.reservation-failed',
      'shipment.created',
    ]);
  });
});

describe('assertHandlersCover', () => {
  it('accepts handlers that take every delivered event, and more', () => {
    // Act
    const act = () => {
      assertHandlersCover('emailNotifications', [
        'order.placed',
        'inventory.reservation-failed',
        'shipment.created',
        'customer.registered',
        'inventory.reserved',
      ]);
    };

    // Assess
    expect(act).not.toThrow();
  });

  it('names the queue and every delivered event no handler takes', () => {
    // Act
    const act = () => {
      assertHandlersCover('emailNotifications', new Set(['order.placed']));
    };

    // Assess
    expect(act).toThrow(EventTypesError);
    expect(act).toThrow(
      /Queue "emailNotifications" delivers inventory\.reservation-failed, shipment\.created, customer\.registered, which no handler takes/,
    );
  });
});
