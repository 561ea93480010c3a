import { describe, expect, it } from 'vitest';
import { MAX_ON_HAND } from './stock.ts';
import { stockLevelRequestSchema } from './stockLevelRequest.ts';

describe('stockLevelRequestSchema', () => {
  it('accepts an on-hand count from 0 to the maximum', () => {
    // Act
    const results = [0, MAX_ON_HAND].map((onHand) => stockLevelRequestSchema.safeParse({ onHand }));

    // Assess
    expect(results.map((result) => result.success)).toEqual([true, true]);
  });

  it.each([null, [], 'x'])('names the field it expects for a body of %j', (input) => {
    // Act
    const result = stockLevelRequestSchema.safeParse(input);

    // Assess
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'must be a JSON object with onHand',
    ]);
  });

  it.each([-1, 1.5, MAX_ON_HAND + 1, '3'])('refuses an on-hand count of %j', (onHand) => {
    // Act
    const result = stockLevelRequestSchema.safeParse({ onHand });

    // Assess
    expect(result.error?.issues.map((issue) => [issue.path.join('/'), issue.message])).toEqual([
      ['onHand', `must be an integer from 0 to ${String(MAX_ON_HAND)}`],
    ]);
  });
});
