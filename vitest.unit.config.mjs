import { defineConfig } from 'vitest/config';

// The fast unit suite (`npm run test:unit`): every test next to the code, in every project, in one
// run and without the projects' global setups: no local cloud, no offline service, no packaging.
// `npm test` runs these again in each project's own target, isolated, beside its integration tests.
export default defineConfig({
  test: {
    include: ['{libs,services,tools}/*/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.esbuild-*/**', '**/.serverless/**'],
    // Unit tests keep no state between files, so one module graph per thread is safe here, and
    // three times faster than a fresh one per file (the default).
    pool: 'threads',
    isolate: false,
  },
});
