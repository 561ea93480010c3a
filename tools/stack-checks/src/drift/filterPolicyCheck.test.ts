import { topology } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import { contractFixture, subscriptionOf } from '../../tests/fixtures/fixtureContracts.ts';
import { formatViolation } from '../violation.ts';
import { checkFilterPolicies } from './filterPolicyCheck.ts';

const linesFor = (filterPolicy: unknown, scope = 'MessageAttributes'): readonly string[] => {
  const { stacks } = contractFixture({
    change: (resources) => {
      Object.assign(subscriptionOf(resources), {
        FilterPolicy: filterPolicy,
        FilterPolicyScope: scope,
      });
    },
  });
  return checkFilterPolicies(stacks, topology).map(formatViolation);
};

describe('checkFilterPolicies', () => {
  it('passes a filter naming events the topic carries', () => {
    // Act
    const lines = linesFor({ eventType: ['order.placed'] });

    // Assess
    expect(lines).toEqual([]);
  });

  it('passes a body-scope filter that also filters on data', () => {
    // Act
    const lines = linesFor(
      { eventType: ['order.placed'], data: { marketingOptIn: [true] } },
      'MessageBody',
    );

    // Assess
    expect(lines).toEqual([]);
  });

  it('fails an event type the topic does not carry (attribute scope)', () => {
    // Act
    const lines = linesFor({ eventType: ['order.placed', 'inventory.reserved'] });

    // Assess
    expect(lines).toEqual([
      'inventory: OrderEventsSubscription: filter-policy: FilterPolicy names inventory.reserved, which topology.json does not put on order-events.fifo (it carries order.placed)',
    ]);
  });

  it('fails an event type the topic does not carry (body scope, JSON string)', () => {
    // Act
    const lines = linesFor(JSON.stringify({ eventType: ['order.cancelled'] }), 'MessageBody');

    // Assess
    expect(lines).toEqual([
      'inventory: OrderEventsSubscription: filter-policy: FilterPolicy names order.cancelled, which topology.json does not put on order-events.fifo (it carries order.placed)',
    ]);
  });

  it('fails a filter that does not select by eventType', () => {
    // Act
    const lines = linesFor(undefined);

    // Assess
    expect(lines).toEqual([
      'inventory: OrderEventsSubscription: filter-policy: FilterPolicy does not select by eventType; every event on order-events.fifo, present or future, reaches the queue',
    ]);
  });

  it('fails a matcher that is not an exact event type', () => {
    // Act
    const lines = linesFor({ eventType: [{ prefix: 'order.' }] });

    // Assess
    expect(lines).toEqual([
      'inventory: OrderEventsSubscription: filter-policy: FilterPolicy cannot be read: eventType matcher {"prefix":"order."} is not an exact event type',
    ]);
  });
});
