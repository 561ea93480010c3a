import { describe, expect, it } from 'vitest';
import { EventTypes } from './eventCatalog.ts';
import { queueName, stageName, topicKeyFor, topicName, topology } from './topology.ts';

describe('topology', () => {
  it('puts every event type on exactly one topic', () => {
    // Act
    const carriers = Object.values(EventTypes).map(
      (eventType) =>
        Object.values(topology.topics).filter((topic) => topic.events.includes(eventType)).length,
    );

    // Assess
    expect(carriers).toEqual(Object.values(EventTypes).map(() => 1));
  });

  it('subscribes queues only to existing topics, and only to events those topics carry', () => {
    // Prepare
    const problems: string[] = [];

    // Act
    for (const [queueKey, queue] of Object.entries(topology.queues)) {
      for (const [topicKey, subscription] of Object.entries(queue.subscriptions)) {
        const topic = topology.topics[topicKey];
        if (topic === undefined) problems.push(`${queueKey}: unknown topic ${topicKey}`);
        for (const eventType of subscription.events) {
          if (topic !== undefined && !topic.events.includes(eventType)) {
            problems.push(`${queueKey}: ${topicKey} does not carry ${eventType}`);
          }
        }
      }
    }

    // Assess
    expect(problems).toEqual([]);
  });

  it('names FIFO resources with .fifo and gives each queue a DLQ of the same kind', () => {
    // Act
    const mismatches = [
      ...Object.values(topology.topics).map((t) => [t.name, t.fifo]),
      ...Object.values(topology.queues).flatMap((q) => [
        [q.name, q.fifo],
        [q.dlqName, q.fifo],
      ]),
    ].filter(([name, fifo]) => String(name).endsWith('.fifo') !== fifo);

    // Assess
    expect(mismatches).toEqual([]);
  });

  it('derives physical names per stage', () => {
    // Act
    const names = [topicName('dev', 'orderEvents'), queueName('prod', 'marketingAudience')];

    // Assess
    expect(names).toEqual(['conveyor-dev-order-events.fifo', 'conveyor-prod-marketing-audience']);
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
