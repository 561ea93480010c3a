import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Each file starts its own in-memory local cloud; the acceptance test also runs checkout
    // under serverless-offline. Safety nets only, above the bounds of the tests' own waits
    // (`patience` in @conveyor/service-testing), which fail naming what they waited for.
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
  },
});
