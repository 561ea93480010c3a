import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Safety nets only, for a machine whose CPU is saturated: starting a local cloud takes a
    // moment there, and no test waits on a clock.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
