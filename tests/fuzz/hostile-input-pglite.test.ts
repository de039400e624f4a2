import { afterAll, beforeAll, describe } from 'vitest';
import { type FuzzTarget, startFuzzTarget } from './fuzz-target';
import { routeFuzz } from './route-fuzz';
import { webhookFuzz } from './webhook-fuzz';

/** The fuzz suite on the embedded default (PGlite, in-process queue). */
describe('hostile input on the embedded default', () => {
  let target: FuzzTarget;
  beforeAll(async () => {
    target = await startFuzzTarget('pglite');
  }, 120_000);
  afterAll(async () => target?.stop());
  webhookFuzz(() => target, 'pglite');
  routeFuzz(() => target);
});
