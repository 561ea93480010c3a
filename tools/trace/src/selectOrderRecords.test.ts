import { describe, expect, it } from 'vitest';
import { memoryLogSource, record, recordsOfLog } from './testing/memoryLogSource.ts';
import { shippedOrder, shippedOrderLog } from './testing/shippedOrderLog.ts';
import { selectOrderRecords } from './selectOrderRecords.ts';

const at = (second: number): string => `2026-12-01T10:00:${String(second).padStart(2, '0')}.000Z`;

// Two orders placed under one correlation id (a client that reuses its header), a request line
// with the correlation id only, and an unrelated order.
const sharedCorrelation = [
  record('checkout', {
    timestamp: at(1),
    message: 'Order placed',
    orderId: 'o-1',
    correlationId: 'c-1',
  }),
  record('checkout', {
    timestamp: at(2),
    message: 'Order placed',
    orderId: 'o-2',
    correlationId: 'c-1',
  }),
  record('checkout', { timestamp: at(3), message: 'Audit', correlationId: 'c-1' }),
  record('inventory', {
    timestamp: at(4),
    message: 'Event handled',
    aggregateId: 'o-1',
    correlationId: 'c-1',
    eventType: 'order.placed',
    eventId: 'e-1',
  }),
  record('inventory', {
    timestamp: at(5),
    message: 'Event handled',
    aggregateId: 'o-2',
    correlationId: 'c-1',
    eventType: 'order.placed',
    eventId: 'e-2',
  }),
  record('inventory', {
    timestamp: at(6),
    message: 'Event handled',
    aggregateId: 'o-3',
    correlationId: 'c-3',
    eventType: 'order.placed',
    eventId: 'e-3',
  }),
  record('checkout', {
    timestamp: at(7),
    message: 'Republished unpublished orders',
    orderIds: ['o-1', 'o-9'],
  }),
];

describe('selectOrderRecords', () => {
  it("finds every line of an order from its id, its correlation id's lines included, oldest first", async () => {
    // Prepare
    const source = memoryLogSource(recordsOfLog(shippedOrderLog));

    // Act
    const selected = await selectOrderRecords(source, shippedOrder.orderId);

    // Assess
    expect(selected.orderIds).toEqual([shippedOrder.orderId]);
    expect(selected.correlationIds).toEqual([shippedOrder.correlationId]);
    expect(selected.records).toHaveLength(17);
    const times = selected.records.map((each) => each.time.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('finds the same lines from the correlation id', async () => {
    // Prepare
    const source = memoryLogSource(recordsOfLog(shippedOrderLog));

    // Act
    const [byOrder, byCorrelation] = [
      await selectOrderRecords(source, shippedOrder.orderId),
      await selectOrderRecords(source, shippedOrder.correlationId),
    ];

    // Assess
    expect(byCorrelation).toEqual(byOrder);
  });

  it("keeps to one order when given its id, leaving out another order's lines under the same correlation id", async () => {
    // Prepare
    const source = memoryLogSource(sharedCorrelation);

    // Act
    const selected = await selectOrderRecords(source, 'o-1');

    // Assess
    expect(selected.orderIds).toEqual(['o-1']);
    expect(selected.correlationIds).toEqual(['c-1']);
    expect(selected.records.map((each) => each.time.toISOString())).toEqual([
      at(1),
      at(3),
      at(4),
      at(7),
    ]);
  });

  it('follows every order of a correlation id given', async () => {
    // Prepare
    const source = memoryLogSource(sharedCorrelation);

    // Act
    const selected = await selectOrderRecords(source, 'c-1');

    // Assess
    expect([...selected.orderIds].sort()).toEqual(['o-1', 'o-2']);
    expect(selected.records.map((each) => each.time.toISOString())).toEqual([
      at(1),
      at(2),
      at(3),
      at(4),
      at(5),
      at(7),
    ]);
  });

  it("leaves out another request's lines under a reused correlation id, but not a failed request's", async () => {
    // Prepare: a client sends c-1 with every request; a POST failed after its put of o-1 landed.
    const source = memoryLogSource([
      ...sharedCorrelation,
      record('checkout', {
        timestamp: at(8),
        level: 'INFO',
        message: 'Request refused: answered 404',
        route: 'GET /orders/{orderId}',
        correlationId: 'c-1',
      }),
      record('inventory', {
        timestamp: at(9),
        level: 'INFO',
        message: 'Stock level set',
        route: 'PUT /inventory/items/{sku}',
        sku: 'MUG-LOGO',
        correlationId: 'c-1',
      }),
      record('checkout', {
        timestamp: at(10),
        level: 'ERROR',
        message: 'Request failed: answered 503',
        route: 'POST /checkout',
        correlationId: 'c-1',
      }),
    ]);

    // Act
    const [byOrder, byCorrelation] = [
      await selectOrderRecords(source, 'o-1'),
      await selectOrderRecords(source, 'c-1'),
    ];

    // Assess
    expect(byOrder.records.map((each) => each.time.toISOString())).toEqual([
      at(1),
      at(3),
      at(4),
      at(7),
      at(10),
    ]);
    expect(byCorrelation.records.map((each) => each.time.toISOString())).toEqual([
      at(1),
      at(2),
      at(3),
      at(4),
      at(5),
      at(7),
      at(8),
      at(9),
      at(10),
    ]);
  });

  it('finds nothing for an id no line names', async () => {
    // Prepare
    const source = memoryLogSource(sharedCorrelation);

    // Act
    const selected = await selectOrderRecords(source, 'o-unknown');

    // Assess
    expect(selected).toMatchObject({ orderIds: [], correlationIds: [], records: [] });
  });
});
