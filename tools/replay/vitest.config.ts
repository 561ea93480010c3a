import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Each file starts its own in-memory local cloud. Safety nets only, above the bounds of the
    // tests' own waits, which fail naming what they waited for.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
