import { skuSchema } from '@conveyor/event-types';
import { describe, expect, it } from 'vitest';
import seedStock from '../../data/seed-stock.json' with { type: 'json' };
import type { StockItem } from './stockTable.ts';

describe('data/seed-stock.json', () => {
  it('holds complete stock items that keep the stock table invariants', () => {
    // Prepare: the local cloud plugin puts these items as they are, adding nothing.
    const items: readonly StockItem[] = seedStock;

    // Act
    const problems = items.flatMap((item) => {
      const held = Object.values(item.holds).reduce((sum, units) => sum + units, 0);
      return [
        ...(skuSchema.safeParse(item.sku).success ? [] : [`${item.sku}: malformed SKU`]),
        ...(Object.keys(item).sort().join() === 'available,holds,onHand,reserved,sku'
          ? []
          : [`${item.sku}: unexpected attributes`]),
        ...(item.reserved === held ? [] : [`${item.sku}: reserved is not the sum of holds`]),
        ...(item.available === item.onHand - item.reserved
          ? []
          : [`${item.sku}: available is not onHand - reserved`]),
        ...(item.available >= 0 ? [] : [`${item.sku}: negative available`]),
      ];
    });

    // Assess
    expect(problems).toEqual([]);
    expect(new Set(items.map(({ sku }) => sku)).size).toBe(items.length);
    expect(items.find(({ sku }) => sku === 'SNEAKER-LTD-42')?.onHand).toBe(3);
  });
});
