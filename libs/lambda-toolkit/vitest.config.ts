import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Safety nets only: the tests run against a local DynamoDB and SQS, ten times slower on a
    // saturated CPU, and wait on conditions, each with its own bound.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
