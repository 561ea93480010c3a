import { describe, expect, it } from 'vitest';
import { readHandledEventTypes } from './readHandledEventTypes.ts';

describe('readHandledEventTypes', () => {
  it('reads the string keys of the handlers object', () => {
    // Prepare
    const source = `
      export const handler = makeSqsEventHandler({
        queueType: 'fifo',
        handlers: {
          'inventory.reserved': progress,
          ['inventory.reservation-failed']: progress,
          async 'shipment.created'(event) { return event; },
        },
      });`;

    // Act
    const handled = readHandledEventTypes(source, 'onOrderProgress.ts');

    // Assess
    expect(handled).toEqual({
      calls: 1,
      eventTypes: ['inventory.reserved', 'inventory.reservation-failed', 'shipment.created'],
      unreadable: [],
    });
  });

  it('follows options and handlers kept in constants of the module', () => {
    // Prepare
    const source = `
      const handlers = { 'order.placed': countOrder } as const;
      const options = { queueType: 'standard', handlers };
      const processBatch = toolkit.makeSqsEventHandler(options);
      export const handler = (event, context) => processBatch(event, context);`;

    // Act
    const handled = readHandledEventTypes(source, 'onOrderPlaced.ts');

    // Assess
    expect(handled).toEqual({ calls: 1, eventTypes: ['order.placed'], unreadable: [] });
  });

  it('reports keys it cannot read instead of guessing', () => {
    // Prepare
    const source = `
      makeSqsEventHandler({
        handlers: { ...shared, [someType]: handle },
      });`;

    // Act
    const handled = readHandledEventTypes(source, 'odd.ts');

    // Assess
    expect(handled).toEqual({
      calls: 1,
      eventTypes: [],
      unreadable: [
        'odd.ts:3: a handlers entry without a literal key',
        'odd.ts:3: a handlers entry without a literal key',
      ],
    });
  });

  it('counts no call in a module without makeSqsEventHandler', () => {
    // Act
    const handled = readHandledEventTypes('export const handler = async () => ({});', 'http.ts');

    // Assess
    expect(handled).toEqual({ calls: 0, eventTypes: [], unreadable: [] });
  });
});
