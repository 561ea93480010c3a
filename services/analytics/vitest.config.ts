import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // One local cloud and one offline analytics for the whole run (see tests/globalSetup.ts).
    globalSetup: ['tests/globalSetup.ts'],
    fileParallelism: false,
    // Safety nets only, above the bounds of the tests' own waits (`patience` in
    // @conveyor/service-testing), which fail naming what they waited for.
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
  },
});
