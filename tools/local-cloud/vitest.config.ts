import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Safety nets, not budgets: every wait ends when its condition holds and is bounded by
    // tests/support/patience.ts; these only stop a run that hangs outright.
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
  },
});
