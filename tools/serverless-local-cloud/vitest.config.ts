import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Integration tests wait on conditions, each wait bounded by tests/support/patience.ts (sized
    // for a saturated CI machine); a test's bound stays above the waits it contains.
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
  },
});
