import { describe, expect, it } from 'vitest';
import type { LearnerKey, LearnerSession, LearnerStore, UnitResult } from '../../bot/store/learner-store';
import { createUnitBatcher } from '../../bot/turns/unit-batcher';

const key = (id: string): LearnerKey => ({ platform: 'web', platformUserId: id });

/** A store whose batches finish when the test says so; a unit "fails" when its learner is named so. */
function fakeStore() {
  const batches: string[][] = [];
  const gates: (() => void)[] = [];
  const store = {
    async withLearners<T>(keys: LearnerKey[], work: (session: LearnerSession, index: number) => T) {
      batches.push(keys.map((k) => k.platformUserId));
      await new Promise<void>((resolve) => gates.push(resolve));
      return keys.map((k, index): UnitResult<T> => {
        if (k.platformUserId.startsWith('bad'))
          return { ok: false, error: new Error(`no ${k.platformUserId}`) };
        return { ok: true, value: work({ learner: null } as unknown as LearnerSession, index) };
      });
    },
  } as unknown as LearnerStore;
  return { store, batches, release: () => gates.shift()?.() };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('unit batcher', () => {
  it('sends units that arrive while a batch is at the database together, each getting its own result', async () => {
    const { store, batches, release } = fakeStore();
    const batcher = createUnitBatcher(store, { maxBatches: 1 });
    const first = batcher.withLearner(key('a'), () => 'A');
    const later = ['b', 'bad-c', 'd'].map((id) => batcher.withLearner(key(id), () => id.toUpperCase()));
    expect(batches).toEqual([['a']]);
    release();
    expect(await first).toBe('A');
    await tick();
    expect(batches).toEqual([['a'], ['b', 'bad-c', 'd']]);
    release();
    const settled = await Promise.allSettled(later);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      'B',
      'no bad-c',
      'D',
    ]);
  });

  it('keeps batches within the size and in-flight limits', async () => {
    const { store, batches, release } = fakeStore();
    const batcher = createUnitBatcher(store, { maxBatches: 2, maxBatchSize: 2 });
    const all = Array.from({ length: 7 }, (_, i) => batcher.withLearner(key(`l${i}`), () => i));
    expect(batches).toEqual([['l0'], ['l1']]);
    for (let i = 0; i < 5; i++) {
      release();
      await tick();
    }
    expect(batches.slice(2)).toEqual([['l2', 'l3'], ['l4', 'l5'], ['l6']]);
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
