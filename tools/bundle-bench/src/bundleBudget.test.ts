import { describe, expect, it } from 'vitest';
import { checkBudget, limitsFor } from './bundleBudget.ts';

const sizes = { minified: 372_600, gzip: 117_500, zip: 325_400, unpacked: 990_000, files: 2 };

describe('checkBudget', () => {
  it('names each size over its limit', () => {
    // Prepare
    const budget = {
      functions: { 'checkout.getOrder': { minified: 400_000, gzip: 110_000, zip: 300_000 } },
    };

    // Act
    const over = checkBudget(budget, 'checkout.getOrder', sizes);

    // Assess
    expect(over).toEqual(['gzip 117500 > 110000', 'zip 325400 > 300000']);
  });

  it('holds a function without a budget to none', () => {
    // Act
    const over = checkBudget({ functions: {} }, 'checkout.getOrder', sizes);

    // Assess
    expect(over).toEqual(['no budget']);
  });
});

describe('limitsFor', () => {
  it('allows a few per cent over the sizes, rounded up to a kilobyte', () => {
    // Act
    const limits = limitsFor(sizes);

    // Assess
    expect(limits).toEqual({ minified: 384_000, gzip: 122_000, zip: 336_000 });
    expect(checkBudget({ functions: { f: limits } }, 'f', sizes)).toEqual([]);
  });
});
