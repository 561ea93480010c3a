import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // No budget: a saturated CPU makes even in-memory tests ten times slower.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
