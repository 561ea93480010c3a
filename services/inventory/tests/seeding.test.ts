// `sls offline start` seeds data/seed-stock.json into the stock table (custom.localCloud.seed),
// so checkout's catalogue can be ordered from as soon as the local stack is up.
import { describe, expect, it } from 'vitest';
import seedStock from '../data/seed-stock.json' with { type: 'json' };
import { getStock } from './support/inventoryTestContext.ts';

describe('local seeding', () => {
  it('has stock for every SKU of data/seed-stock.json after the offline start', async () => {
    // Prepare
    const expected = seedStock.map(({ sku, onHand }) => ({
      sku,
      onHand,
      reserved: 0,
      available: onHand,
    }));

    // Act
    const levels = await Promise.all(expected.map(async ({ sku }) => (await getStock(sku)).json));

    // Assess
    expect(levels).toEqual(expected);
    expect(levels.find(({ sku }) => sku === 'SNEAKER-LTD-42')).toMatchObject({ onHand: 3 });
  });
});
