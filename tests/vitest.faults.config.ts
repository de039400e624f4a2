import { defineConfig } from 'vitest/config';

/** `npm run test:faults`: the whole app in child processes, its PostgreSQL and Redis broken on purpose. */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/faults/**/*.test.ts', 'tests/scale/**/*.test.ts'],
    pool: 'forks',
    // One scenario at a time: recovery times are measured, and two cores are all there is.
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    globalSetup: ['tests/support/build-app-setup.ts', 'tests/faults/harness/global-setup.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'coverage/fault-results.json' },
  },
});
