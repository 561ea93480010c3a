import { describe, expect, it } from 'vitest';
import { budgetWithNewFunctions, checkBudget, limitsFor } from './bundleBudget.ts';

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

describe('budgetWithNewFunctions', () => {
  it('keeps the limits a function has, gives a new one limits from its sizes, and drops one gone', () => {
    // Prepare
    const kept = { minified: 400_000, gzip: 120_000, zip: 330_000 };
    const budget = {
      functions: { 'checkout.getOrder': kept, 'checkout.retired': kept },
    };
    const deployed = new Map([
      ['checkout.getOrder', { ...sizes, gzip: 100_000 }],
      ['audit.onAuditInbox', sizes],
    ]);

    // Act
    const next = budgetWithNewFunctions(budget, deployed);

    // Assess
    expect(next).toEqual({
      functions: {
        'audit.onAuditInbox': limitsFor(sizes),
        'checkout.getOrder': kept,
      },
    });
    expect(Object.keys(next.functions)).toEqual(['audit.onAuditInbox', 'checkout.getOrder']);
  });
});
