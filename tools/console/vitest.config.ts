import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // The browser test runs npm start's supervisor with the five services and the console, and
    // a headless chromium. Safety nets only, above the bounds of the tests' own waits, which
    // fail naming what they waited for.
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
  },
});
