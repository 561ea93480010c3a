import { describe, expect, it } from 'vitest';
import {
  DEFAULT_UNIT_WEIGHT_GRAMS,
  PACKAGING_WEIGHT_GRAMS,
  parcelWeightGrams,
} from './parcelWeightGrams.ts';

describe('parcelWeightGrams', () => {
  it('adds quantity × unit weight per line to the packaging', () => {
    // Prepare
    const lines = [
      { sku: 'TSHIRT-RED-M', quantity: 2 },
      { sku: 'MUG-LOGO', quantity: 1 },
    ];

    // Act
    const weight = parcelWeightGrams(lines);

    // Assess
    expect(weight).toBe(PACKAGING_WEIGHT_GRAMS + 2 * 200 + 350);
  });

  it('weighs an unknown SKU at the default unit weight', () => {
    // Prepare
    const lines = [{ sku: 'NEW-THING', quantity: 3 }];

    // Act
    const weight = parcelWeightGrams(lines);

    // Assess
    expect(weight).toBe(PACKAGING_WEIGHT_GRAMS + 3 * DEFAULT_UNIT_WEIGHT_GRAMS);
  });
});
