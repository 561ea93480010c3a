import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Integration tests wait for visibility timeouts and redrives; each wait has its own deadline
    // (60 s by default, on a condition), and a test's bound stays above the waits it contains.
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
