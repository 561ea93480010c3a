import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Safety nets only: computing the Nx project graph takes a few seconds on a cold cache, and
    // ten times as long on a saturated CPU.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
