import { describe, expect, it } from 'vitest';
import { filterPolicyEventTypes } from './filterPolicyEventTypes.ts';

describe('filterPolicyEventTypes', () => {
  it('reads the eventType list', () => {
    // Act
    const filter = filterPolicyEventTypes({ eventType: ['order.placed'], data: { x: [true] } });

    // Assess
    expect(filter).toEqual({ kind: 'listed', eventTypes: ['order.placed'] });
  });

  it('lets everything through without an eventType condition', () => {
    // Act
    const filter = filterPolicyEventTypes({ data: { marketingOptIn: [true] } });

    // Assess
    expect(filter).toEqual({ kind: 'all' });
  });

  it('unites $or branches, each within the conditions beside $or', () => {
    // Prepare
    const policy = {
      eventType: ['order.placed', 'shipment.created'],
      $or: [{ eventType: ['order.placed'] }, { source: ['shipping'] }],
    };

    // Act
    const filter = filterPolicyEventTypes(policy);

    // Assess
    expect(filter).toEqual({ kind: 'listed', eventTypes: ['order.placed', 'shipment.created'] });
  });

  it('refuses a malformed policy', () => {
    // Act
    const filter = filterPolicyEventTypes('{not json');

    // Assess
    expect(filter).toEqual({ kind: 'unreadable', reason: 'FilterPolicy is not a JSON object' });
  });
});
