import { type LogRecord, stringField } from './logRecord.ts';

/** An order a customer placed, as the logs name it. */
export interface CustomerOrder {
  readonly orderId: string;
  /** The earliest line naming the order under the customer (checkout's `Order placed`). */
  readonly placedAt: Date;
}

/**
 * The orders that lines name under `customerId` (checkout's `Order placed` carries the customer's
 * id beside the order's), once each, earliest first. A trace by a customer's id lists them rather
 * than following them: an order is traced by its own id, and a customer may have many.
 *
 * @example
 * ```ts
 * const orders = ordersOfCustomer((await source.find(['cus-7'])).records, 'cus-7');
 * ```
 */
export const ordersOfCustomer = (
  records: readonly LogRecord[],
  customerId: string,
): CustomerOrder[] => {
  const placed = new Map<string, Date>();
  for (const record of records) {
    const orderId = stringField(record, 'orderId');
    if (orderId === undefined || stringField(record, 'customerId') !== customerId) continue;
    const known = placed.get(orderId);
    if (known === undefined || record.time < known) placed.set(orderId, record.time);
  }
  return [...placed]
    .map(([orderId, placedAt]) => ({ orderId, placedAt }))
    .sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());
};
