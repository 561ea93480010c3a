import { describe, expect, it } from 'vitest';
import { camelCase, kebabCase, pascalCase, splitList } from './names.ts';

describe('names', () => {
  it.each([
    ['order-analytics', 'orderAnalytics'],
    ['audit', 'audit'],
    ['order-2-audit', 'order2Audit'],
  ])('camelCase(%s) is %s', (kebab, camel) => {
    // Act
    const result = camelCase(kebab);

    // Assess
    expect(result).toBe(camel);
    expect(kebabCase(result)).toBe(kebab.replace('-2-', '2-'));
  });

  it('PascalCases a key and splits a comma list without blanks or repeats', () => {
    // Act
    const pascal = pascalCase('orderEvents');
    const list = splitList(' order.placed, ,shipment.created,order.placed,');

    // Assess
    expect(pascal).toBe('OrderEvents');
    expect(list).toEqual(['order.placed', 'shipment.created']);
  });
});
