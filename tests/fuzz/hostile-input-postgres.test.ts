import { afterAll, beforeAll } from 'vitest';
import { describeWithServices } from '../helpers/services';
import { type FuzzTarget, startFuzzTarget } from './fuzz-target';
import { routeFuzz } from './route-fuzz';
import { webhookFuzz } from './webhook-fuzz';

/** The fuzz suite on PostgreSQL and Redis. */
describeWithServices('hostile input on PostgreSQL and Redis', { postgres: true, redis: true }, () => {
  let target: FuzzTarget;
  beforeAll(async () => {
    target = await startFuzzTarget('postgres');
  }, 120_000);
  afterAll(async () => target?.stop());
  webhookFuzz(() => target, 'postgres');
  routeFuzz(() => target);
});
