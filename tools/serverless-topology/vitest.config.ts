import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Safety nets only: the integration test runs `sls package` of a real service, which bundles
    // its functions; a saturated CPU makes that many times slower.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
