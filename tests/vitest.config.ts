import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/**/*.test.ts'],
    // The fault and scale-out scenarios run on their own, one at a time: `npm run test:faults` (CI runs both).
    exclude: ['**/node_modules/**', 'tests/faults/**', 'tests/scale/**'],
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['tests/support/build-app-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    // Read by .ci/run for a plain "N passed, N failed" closing line.
    outputFile: { json: 'coverage/test-results.json' },
  },
});
