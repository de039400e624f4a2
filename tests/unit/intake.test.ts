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

  it('says it is busy until the last waiting delivery is recorded and a moment has passed, then that it is idle', async () => {
    const { store } = instantStore();
    let idle = 0;
    const intake = createIntake({
      store,
      log: createLogger('silent'),
      onNew: () => {},
      onIdle: () => idle++,
    });
    expect(intake.busy()).toBe(false);
    const written = Promise.all([1, 2, 3].map((n) => intake.accept(record(n))));
    expect(intake.busy()).toBe(true);
    await written;
    expect(idle).toBe(1);
    // Under a flood the next delivery comes within milliseconds: a gap between writes is not idle.
    expect(intake.busy()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(intake.busy()).toBe(false);
  });

  it('cleans NUL and lone surrogates out of ids and text, the same way for a redelivery', async () => {
    const { store } = instantStore();
    const fresh: InboundRecord[] = [];
    const intake = createIntake({ store, log: createLogger('silent'), onNew: (r) => fresh.push(r) });
    const poisoned = {
      ...record(7),
      externalId: 'x\u0000:7\uD800',
      input: { ...record(7).input, text: 'a\u0000b\uDC00' },
    };
    expect(await intake.accept(poisoned)).toBe(true);
    expect(await intake.accept(poisoned)).toBe(false);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.externalId).toBe('x:7');
    expect(fresh[0]!.input.text).toBe('ab');
  });

  it('acknowledges and drops a record that can never be answered (no user id left)', async () => {
    const { store, batches } = instantStore();
    const intake = createIntake({ store, log: createLogger('silent'), onNew: () => {} });
    expect(await intake.accept({ ...record(1), platformUserId: '\u0000' })).toBe(false);
    expect(batches).toEqual([]);
  });

  it('splits a batch the database refuses for one bad row, so its neighbours are recorded', async () => {
    const { store: inner } = instantStore();
    const store = {
      async recordInbound(records: InboundRecord[]) {
        if (records.some((r) => r.input.text === 'bad'))
          throw Object.assign(new Error('invalid input syntax'), { code: '22P02' });
        return inner.recordInbound(records);
      },
    } as unknown as LearnerStore;
    const fresh: string[] = [];
    const intake = createIntake({
      store,
      log: createLogger('silent'),
      onNew: (r) => fresh.push(r.input.text),
      gatherFirst: true,
    });
    const batch = [1, 2, 3, 4, 5].map((n) =>
      n === 3 ? { ...record(n), input: { ...record(n).input, text: 'bad' } } : record(n),
    );
    expect(await Promise.all(batch.map((r) => intake.accept(r)))).toEqual([true, true, false, true, true]);
    expect(fresh.sort()).toEqual(['1', '2', '4', '5']);
  });

  it('fails the whole batch on an outage (the platform redelivers)', async () => {
    const store = {
      async recordInbound() {
        throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
      },
    } as unknown as LearnerStore;
    const intake = createIntake({ store, log: createLogger('silent'), onNew: () => {} });
    await expect(intake.accept(record(1))).rejects.toThrow('connection refused');
  });
});
