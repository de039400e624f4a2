import { buildApp } from '../../bot/build/build-app.mjs';

let built: Promise<void> | undefined;

/**
 * `npm start` runs the build in dist/ (its `prestart` makes it): processes started the way it
 * starts them need it fresh. Made once per process; the test suites' global setup makes it before
 * any test worker starts, and says so in the environment the workers inherit.
 */
export function ensureAppBuilt(): Promise<void> {
  if (process.env.HOCVUSO_APP_BUILT) return Promise.resolve();
  built ??= buildApp();
  return built;
}
