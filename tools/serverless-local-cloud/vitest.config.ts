import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Integration tests wait for visibility timeouts and redrives; each wait has its own deadline.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
