import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConversationState, LearnerProfile, TurnOutcome } from '../../bot/engine/types';
import type { LearnerKey } from '../../bot/store/learner-store';
import { createPrismaLearnerStore } from '../../bot/store/prisma-learner-store';
import { describeWithServices } from '../helpers/services';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const STATE: ConversationState = { v: 1, seq: 0, step: { at: 'menu' }, done: {} };
const turn = (profile: Partial<LearnerProfile> = {}): TurnOutcome => ({
  replies: [],
  state: STATE,
  profile: { consentAt: new Date('2026-11-27T08:00:00Z'), ...profile },
  answers: [],
});

// The statistics of active learners find every learner whose province, group or code changed
// since an instant by `last_active_at` (bot/stats/recently-active.ts).
describeWithServices('last_active_at', { postgres: true }, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
  });
  afterAll(async () => db?.drop());

  it('moves once an hour, and with a new province, group or code at once', async () => {
    const store = createPrismaLearnerStore(db.db);
    const key: LearnerKey = { platform: 'zalo', platformUserId: 'last-active' };
    const t0 = new Date('2026-11-27T08:00:00Z');
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const lastActive = async () =>
      (await db.db.prisma.learner.findFirstOrThrow({ where: key })).lastActiveAt.toISOString();
    const apply = (minutes: number, profile?: Partial<LearnerProfile>, acted = true) =>
      store.withLearner(key, (session) => session.apply(turn(profile), at(minutes), undefined, { acted }));

    await apply(0);
    await apply(10);
    expect(await lastActive()).toBe(at(0).toISOString());
    await apply(20, { province: 'ha-noi' });
    expect(await lastActive()).toBe(at(20).toISOString());
    await apply(25, { province: 'ha-noi' });
    expect(await lastActive()).toBe(at(20).toISOString());
    await apply(30, { audience: 'elder' });
    expect(await lastActive()).toBe(at(30).toISOString());
    await apply(40, { referralCode: 'gvlast' });
    expect(await lastActive()).toBe(at(40).toISOString());
    // A turn the learner did not cause (a reminder) is no activity.
    await apply(200, {}, false);
    expect(await lastActive()).toBe(at(40).toISOString());
    await apply(101);
    expect(await lastActive()).toBe(at(101).toISOString());
  });
});
