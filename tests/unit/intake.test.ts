import { describe, expect, it } from 'vitest';
import { createLogger } from '../../bot/logger';
import type { InboundRecord, LearnerStore } from '../../bot/store/learner-store';
import { createIntake } from '../../bot/turns/intake';

const record = (n: number): InboundRecord => ({
  platform: 'zalo',
  platformUserId: `u${n % 3}`,
  externalId: `message.text.received:${n}`,
  chatId: `u${n % 3}`,
  order: n,
  input: { kind: 'text', text: String(n), at: new Date(0).toISOString() },
});

/** A store that answers at once, as an in-process database does: it records the batch sizes. */
function instantStore() {
  const batches: number[] = [];
  const seen = new Set<string>();
  const store = {
    async recordInbound(records: InboundRecord[]) {
      batches.push(records.length);
      const created = new Set<string>();
      for (const r of records) {
        const id = `${r.platform}:${r.externalId}`;
        if (!seen.has(id)) created.add(id);
        seen.add(id);
      }
      return created;
    },
  } as unknown as LearnerStore;
  return { store, batches };
}

describe('intake', () => {
  it('with an in-process database, gathers what arrives in one turn of the event loop into one batch', async () => {
    const { store, batches } = instantStore();
    const fresh: string[] = [];
    const intake = createIntake({
      store,
      log: createLogger('silent'),
      onNew: (r) => fresh.push(r.externalId),
      gatherFirst: true,
    });
    const answers = await Promise.all([1, 2, 3, 2, 4].map((n) => intake.accept(record(n))));
    expect(batches).toEqual([4]);
    expect(answers).toEqual([true, true, true, false, true]);
    expect(fresh).toHaveLength(4);
  });

  it('with a server database, starts writing at once (the round trip gathers the next batch)', async () => {
    const { store, batches } = instantStore();
    const intake = createIntake({ store, log: createLogger('silent'), onNew: () => {} });
    await Promise.all([1, 2, 3, 4, 5].map((n) => intake.accept(record(n))));
    expect(batches[0]).toBe(1);
    expect(batches.reduce((sum, n) => sum + n, 0)).toBe(5);
  });
});
