import { describe, expect, it } from 'vitest';
import { RestartBackoff } from './restartBackoff.ts';

describe('RestartBackoff', () => {
  it('doubles the delay while a part keeps dying at once, up to the cap', () => {
    // Prepare
    const backoff = new RestartBackoff({ firstMs: 1_000, maxMs: 30_000, stableMs: 60_000 });

    // Act
    const delays = Array.from({ length: 7 }, () => backoff.next(0));

    // Assess
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('starts again from the first delay after a part ran long enough', () => {
    // Prepare
    const backoff = new RestartBackoff({ firstMs: 500, maxMs: 10_000, stableMs: 60_000 });
    backoff.next(0);
    backoff.next(1_000);
    backoff.next(59_999);

    // Act
    const afterStableRun = backoff.next(60_000);

    // Assess
    expect(afterStableRun).toBe(500);
  });
});
