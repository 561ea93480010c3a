import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Each file starts its own in-memory local cloud; the acceptance test also runs checkout
    // under serverless-offline, whose first esbuild run is slow on a cold machine.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
