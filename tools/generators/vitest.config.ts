import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Safety nets only: the unit tests read the workspace through Nx and run Prettier; the
    // integration test generates a service in a scratch copy, packages it and runs it under
    // serverless-offline, many times slower on a saturated CPU. Its waits have their own bounds
    // (`patience` in @conveyor/service-testing), which fail naming what they waited for.
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
  },
});
