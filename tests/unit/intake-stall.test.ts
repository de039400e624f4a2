import { expect, it } from 'vitest';
import { createLogger } from '../../bot/logger';
import type { InboundRecord, LearnerStore } from '../../bot/store/learner-store';
import { createIntake, IntakeTimeoutError } from '../../bot/turns/intake';

const record = (n: number): InboundRecord => ({
  platform: 'telegram',
  platformUserId: `u${n}`,
  externalId: String(n),
  chatId: `u${n}`,
  order: n,
  input: { kind: 'text', text: String(n), at: new Date(0).toISOString() },
});

/** Each write takes `ms`; `never` writes hang (a frozen database). */
function slowStore(ms: number | 'never') {
  return {
    recordInbound: (records: InboundRecord[]) =>
      ms === 'never'
        ? new Promise<Set<string>>(() => {})
        : new Promise<Set<string>>((resolve) =>
            setTimeout(() => resolve(new Set(records.map((r) => `${r.platform}:${r.externalId}`))), ms),
          ),
  } as unknown as LearnerStore;
}

const log = createLogger('silent');

it('refuses a delivery (503) when no write finishes within the timeout: the database is frozen', async () => {
  const intake = createIntake({ store: slowStore('never'), log, onNew: () => {}, acceptTimeoutMs: 100 });
  const started = Date.now();
  const refused = await intake.accept(record(1)).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(IntakeTimeoutError);
  expect((refused as IntakeTimeoutError).statusCode).toBe(503);
  expect(Date.now() - started).toBeLessThan(1000);
});

it('lets deliveries wait longer than the timeout while writes keep finishing (a flood, not a stall)', async () => {
  const intake = createIntake({
    store: slowStore(40),
    log,
    onNew: () => {},
    maxBatch: 1,
    writers: 1,
    acceptTimeoutMs: 100,
  });
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => intake.accept(record(n))));
  expect(answers).toEqual(Array(8).fill(true));
  expect(Date.now() - started).toBeGreaterThan(250);
});
