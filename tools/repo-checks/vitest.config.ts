import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Computing the Nx project graph takes a few seconds on a cold cache.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
