import { topology } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import {
  buildServiceTopology,
  deadLetterQueuesOf,
  DlqSources,
  TopologyPluginError,
} from './index.ts';

// The SQS queues a consumer's stack gets from the plugin, other than its source queues.
const builtDlqIds = (service: string): string[] => {
  const built = buildServiceTopology({
    topology,
    config: { service },
    stage: 'dev',
    functionTimeout: () => 10,
  });
  const sources = new Set(
    Object.values(topology.queues)
      .filter((queue) => queue.consumer === service)
      .map((queue) => `${queue.logicalId}Queue`),
  );
  return Object.entries(built.resources)
    .filter(([id, resource]) => resource.Type === 'AWS::SQS::Queue' && !sources.has(id))
    .map(([id]) => id)
    .sort();
};

describe('deadLetterQueuesOf', () => {
  it("lists a FIFO queue's own DLQ only, fed by its receives", () => {
    // Act
    const dlqs = deadLetterQueuesOf(topology, 'inventoryOrders');

    // Assess
    expect(dlqs).toEqual([
      {
        logicalId: 'OrdersDlq',
        name: 'inventory-orders-dlq.fifo',
        fifo: true,
        source: DlqSources.Queue,
      },
    ]);
  });

  it('adds the FIFO delivery DLQ of a standard queue subscribed to a FIFO topic', () => {
    // Act
    const dlqs = deadLetterQueuesOf(topology, 'marketingAudience');

    // Assess
    expect(dlqs).toEqual([
      { logicalId: 'AudienceDlq', name: 'marketing-audience-dlq', fifo: false, source: 'queue' },
      {
        logicalId: 'AudienceDeliveryDlq',
        name: 'marketing-audience-delivery-dlq.fifo',
        fifo: true,
        source: DlqSources.Subscriptions,
      },
    ]);
  });

  it('names exactly the DLQs the plugin builds, for every consumer of the topology', () => {
    // Prepare
    const consumers = [...new Set(Object.values(topology.queues).map((queue) => queue.consumer))];

    // Act
    const listed = consumers.map((service) =>
      Object.entries(topology.queues)
        .filter(([, queue]) => queue.consumer === service)
        .flatMap(([key]) => deadLetterQueuesOf(topology, key).map((dlq) => dlq.logicalId))
        .sort(),
    );

    // Assess
    expect(listed).toEqual(consumers.map(builtDlqIds));
  });

  it('refuses an unknown queue', () => {
    // Act
    const list = () => deadLetterQueuesOf(topology, 'nope');

    // Assess
    expect(list).toThrow(TopologyPluginError);
  });
});
