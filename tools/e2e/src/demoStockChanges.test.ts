import { describe, expect, it } from 'vitest';
import { type DemoLine, type DemoStock, demoStockChanges } from './demoStockChanges.ts';

const stock = (onHand: number, reserved = 0): DemoStock => ({
  onHand,
  reserved,
  available: onHand - reserved,
});

describe('demoStockChanges', () => {
  it('changes nothing while every premise holds', () => {
    // Prepare
    const lines: DemoLine[] = [
      { sku: 'TSHIRT-RED-M', quantity: 2, expected: 'SHIPPED' },
      { sku: 'SNEAKER-LTD-42', quantity: 50, expected: 'REJECTED' },
    ];
    const before = new Map([
      ['TSHIRT-RED-M', stock(2)],
      ['SNEAKER-LTD-42', stock(49)],
    ]);

    // Act
    const changes = demoStockChanges(lines, before);

    // Assess
    expect(changes).toEqual([]);
  });

  it('tops up a SKU whose lines meant to ship need more than is available, all of them together', () => {
    // Prepare
    const lines: DemoLine[] = [
      { sku: 'POSTER-A2', quantity: 3, expected: 'SHIPPED' },
      { sku: 'POSTER-A2', quantity: 2, expected: 'SHIPPED' },
    ];

    // Act
    const changes = demoStockChanges(lines, new Map([['POSTER-A2', stock(6, 2)]]));

    // Assess
    expect(changes).toEqual([
      {
        sku: 'POSTER-A2',
        onHand: 17,
        reason: '4 available, the orders meant to ship need 5',
      },
    ]);
  });

  it('lowers a SKU that has enough for the order meant to be rejected, keeping what is reserved', () => {
    // Prepare
    const lines: DemoLine[] = [{ sku: 'SNEAKER-LTD-42', quantity: 50, expected: 'REJECTED' }];

    // Act
    const changes = demoStockChanges(lines, new Map([['SNEAKER-LTD-42', stock(80, 3)]]));

    // Assess
    expect(changes).toEqual([
      {
        sku: 'SNEAKER-LTD-42',
        onHand: 52,
        reason: '77 available, enough for the order meant to be rejected (50)',
      },
    ]);
  });

  it('leaves alone a SKU it does not know, and one both shipped and rejected', () => {
    // Prepare
    const lines: DemoLine[] = [
      { sku: 'MUG-LOGO', quantity: 1, expected: 'SHIPPED' },
      { sku: 'MUG-LOGO', quantity: 9, expected: 'REJECTED' },
      { sku: 'NOPE-1', quantity: 1, expected: 'SHIPPED' },
    ];

    // Act
    const changes = demoStockChanges(lines, new Map([['MUG-LOGO', stock(0)]]));

    // Assess
    expect(changes).toEqual([]);
  });
});
