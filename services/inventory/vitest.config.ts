import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          // No budget: a saturated CPU makes even in-memory tests ten times slower.
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          // One persistent local cloud and one offline inventory for the whole run
          // (tests/globalSetup.ts); the files share them, each with its own SKUs and orders.
          globalSetup: ['tests/globalSetup.ts'],
          // tests/permissionDenied.test.ts takes a permission away from the offline service
          // every file shares: no other file may run meanwhile.
          fileParallelism: false,
          // Safety nets only, above the bounds of the tests' own waits (`patience` in
          // @conveyor/service-testing), which fail naming what they waited for.
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
        },
      },
    ],
  },
});
