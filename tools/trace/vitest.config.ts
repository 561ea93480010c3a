import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // The integration test runs npm start's supervisor with the five services on free ports.
    // Safety nets only, above the bounds of the tests' own waits, which fail naming what they
    // waited for.
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
  },
});
