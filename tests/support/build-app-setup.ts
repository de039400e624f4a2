import { buildApp } from '../../bot/build/build-app.mjs';

/** Vitest global setup: the app as `npm start` runs it (dist/), built once before any worker starts. */
export default async function setup(): Promise<void> {
  await buildApp();
  process.env.HOCVUSO_APP_BUILT = '1';
}
