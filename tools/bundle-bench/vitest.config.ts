import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Safety nets only: reading and gzipping a dozen bundles takes a second, ten on a saturated CPU.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
