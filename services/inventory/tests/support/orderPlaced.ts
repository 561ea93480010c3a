import { randomUUID } from 'node:crypto';
import { buildEvent, exampleEventData, type OrderPlacedV1 } from '@conveyor/event-types';

/** An `order.placed` event for `lines` of `[sku, quantity]`, priced at 1000 per unit. */
export const orderPlaced = (
  lines: readonly (readonly [string, number])[],
  orderId: string = randomUUID(),
): OrderPlacedV1 => {
  const priced = lines.map(([sku, quantity]) => ({
    sku,
    name: `Item ${sku}`,
    quantity,
    unitPrice: 1000,
    lineTotal: 1000 * quantity,
  }));
  return buildEvent(
    {
      eventType: 'order.placed',
      version: 1,
      aggregateId: orderId,
      data: {
        ...exampleEventData['order.placed'](),
        lines: priced,
        total: priced.reduce((sum, line) => sum + line.lineTotal, 0),
      },
    },
    { correlationId: `corr-${orderId}`, userId: 'cus-1001' },
  );
};
