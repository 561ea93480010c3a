import { describe, expect, it } from 'vitest';
import { ordersOfCustomer } from './ordersOfCustomer.ts';
import { record } from './testing/memoryLogSource.ts';

describe('ordersOfCustomer', () => {
  it("lists each order named under the customer's id once, at its earliest line, earliest first", () => {
    // Prepare: two orders (one retried under its Idempotency-Key), another customer's order, and
    // lines that name the customer without an order.
    const records = [
      record('checkout', {
        timestamp: '2026-12-07T09:00:05.000Z',
        message: 'Order placed',
        orderId: 'ord-2',
        customerId: 'cus-7',
      }),
      record('checkout', {
        timestamp: '2026-12-07T09:00:01.000Z',
        message: 'Order placed',
        orderId: 'ord-1',
        customerId: 'cus-7',
      }),
      record('checkout', {
        timestamp: '2026-12-07T09:00:09.000Z',
        message: 'Order already placed under this Idempotency-Key; answering with it',
        orderId: 'ord-1',
        customerId: 'cus-7',
      }),
      record('checkout', {
        timestamp: '2026-12-07T09:00:02.000Z',
        message: 'Order placed',
        orderId: 'ord-9',
        customerId: 'cus-8',
      }),
      record('checkout', {
        timestamp: '2026-12-07T09:00:00.000Z',
        message: 'Customer registered',
        customerId: 'cus-7',
      }),
    ];

    // Act
    const orders = ordersOfCustomer(records, 'cus-7');

    // Assess
    expect(orders).toEqual([
      { orderId: 'ord-1', placedAt: new Date('2026-12-07T09:00:01.000Z') },
      { orderId: 'ord-2', placedAt: new Date('2026-12-07T09:00:05.000Z') },
    ]);
  });

  it('finds none for an order id', () => {
    // Prepare
    const placed = record('checkout', {
      timestamp: '2026-12-07T09:00:01.000Z',
      message: 'Order placed',
      orderId: 'ord-1',
      customerId: 'cus-7',
    });

    // Act
    const orders = ordersOfCustomer([placed], 'ord-1');

    // Assess
    expect(orders).toEqual([]);
  });
});
