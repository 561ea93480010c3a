// 50 concurrent checkouts for 20 units: exactly 20 ship, 30 are rejected, stock never goes
// negative, the shipped units leave on-hand, and nothing ends in a DLQ. Bounded: 50 requests,
// loopback only.
import { waitFor } from '@conveyor/service-testing';
import { describe, expect, it } from 'vitest';
import {
  conveyor,
  dlqDepths,
  newCustomer,
  orderRequest,
  waitForFinalStatus,
} from './support/flow.ts';

const ORDERS = 50;
const UNITS = 20;
const SKU = 'LAMP-DESK';

describe('load', () => {
  it(
    `ships exactly ${UNITS} of ${ORDERS} concurrent orders for ${UNITS} units`,
    { timeout: 300_000 },
    async () => {
      // Prepare
      const api = conveyor();
      const set = await api.setStock(SKU, UNITS);
      expect(set.body.available).toBe(UNITS);
      let lowestAvailable = UNITS;
      const sampling = { on: true };
      const sampler = (async () => {
        while (sampling.on) {
          lowestAvailable = Math.min(lowestAvailable, (await api.getStock(SKU)).body.available);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      })();

      // Act
      // Each client retries with its Idempotency-Key, as a real client would on a 5xx or a 409
      // (still in progress): 50 cold function workers at once on two cores can exceed a timeout.
      const placeWithRetries = async (index: number) => {
        const request = orderRequest(
          newCustomer(`load-${index}`),
          [{ sku: SKU, quantity: 1 }],
          index % 2 === 0,
        );
        const headers = { 'idempotency-key': `load-${index}-${Date.now()}` };
        const statuses: number[] = [];
        for (let attempt = 0; attempt < 5; attempt += 1) {
          const response = await api.placeOrder(request, headers).catch(() => undefined);
          statuses.push(response?.status ?? 0);
          if (response?.status === 201) return { ...response, statuses };
          await new Promise((resolve) => setTimeout(resolve, 2_000));
        }
        throw new Error(`order ${index} was not accepted: statuses ${statuses.join(', ')}`);
      };
      const placed = await Promise.all(
        Array.from({ length: ORDERS }, (_, index) => placeWithRetries(index)),
      );
      const finals = [];
      for (const response of placed)
        finals.push(await waitForFinalStatus(response.body.orderId, 180_000));
      sampling.on = false;
      await sampler;

      // Assess
      expect(placed.map((response) => response.status)).toEqual(
        Array.from({ length: ORDERS }, () => 201),
      );
      // One unit per order. The invariant: on-hand is the initial count less what shipped, and
      // reserved is what is confirmed but not shipped yet.
      const statuses = finals.map((order) => order.status);
      const unitsIn = (status: string) => statuses.filter((each) => each === status).length;
      const [shippedUnits, confirmedUnits] = [unitsIn('SHIPPED'), unitsIn('CONFIRMED')];
      // Inventory takes shipped units off from its own queue, independently of checkout's status.
      const stock = await waitFor(
        async () => {
          const { body } = await api.getStock(SKU);
          return body.reserved === confirmedUnits ? body : undefined;
        },
        {
          description: `reserved units of ${SKU} down to the ${confirmedUnits} confirmed but not shipped`,
          timeoutMs: 120_000,
          intervalMs: 500,
        },
      );
      // One comparison, so a failure shows the whole picture.
      expect({
        shipped: shippedUnits,
        rejected: unitsIn('REJECTED'),
        stock: { onHand: stock.onHand, reserved: stock.reserved, available: stock.available },
      }).toEqual({
        shipped: UNITS,
        rejected: ORDERS - UNITS,
        stock: {
          onHand: UNITS - shippedUnits,
          reserved: confirmedUnits,
          available: UNITS - shippedUnits - confirmedUnits,
        },
      });
      expect(lowestAvailable).toBeGreaterThanOrEqual(0);
      expect(Object.values(await dlqDepths()).every((depth) => depth === 0)).toBe(true);
    },
  );
});
