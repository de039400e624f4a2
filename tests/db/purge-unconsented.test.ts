import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../bot/logger';
import type { JobDeps } from '../../worker/jobs/job-definition';
import { purgeUnconsentedJob } from '../../worker/jobs/purge-unconsented';
import { createWebLearner } from '../support/drivers/web-learner';
import { startTestApp, type TestApp } from '../support/test-app';
import { issueWebSession } from '../support/web-session';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ database: 'pglite' });
});
afterAll(async () => t?.stop());

it('removes, a day later, conversations that never reached consent, and keeps learners who agreed', async () => {
  const [silent, agreed] = [await issueWebSession(t.app), await issueWebSession(t.app)];
  await createWebLearner({ url: t.url, session: silent.token }).say('/start');
  const learner = createWebLearner({ url: t.url, session: agreed.token });
  await learner.say('/start');
  await learner.choose(1);
  const prisma = t.app.db.prisma;
  await prisma.learner.updateMany({ data: { lastActiveAt: new Date(Date.now() - 25 * 3600_000) } });
  const log = createLogger('silent');
  const deps = { db: t.app.db, log, now: () => new Date() } as unknown as JobDeps;
  await purgeUnconsentedJob.run({}, deps, { id: '1', queue: 'purge-unconsented', data: {}, attempt: 1, log });
  const left = await prisma.learner.findMany({ select: { platformUserId: true } });
  expect(left.map((row) => row.platformUserId)).toContain(agreed.id);
  expect(left.map((row) => row.platformUserId)).not.toContain(silent.id);
});
