import fc from 'fast-check';
import { expect, it } from 'vitest';
import { telegramUser, updates } from '../support/drivers/telegram-learner';
import { zaloUpdate } from '../support/drivers/zalo-learner';
import type { FuzzTarget } from './fuzz-target';
import { eachFieldPoisoned, FUZZ_SEED, mutated } from './hostile-values';
import { telegramPoison, telegramSamples, zaloPoison, zaloSamples } from './update-samples';

const ANSWER_MS = 5_000;

/** Many requests, 25 at a time (as a platform's parallel deliveries would come). */
async function inChunks<T>(items: T[], each: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += 25) await Promise.all(items.slice(i, i + 25).map(each));
}

/** Telegram and Zalo webhooks: named poison shapes and generated ones, alone and among valid updates. */
export function webhookFuzz(target: () => FuzzTarget, database: string) {
  const base = database === 'postgres' ? 8_100_000 : 8_200_000;

  /** After a bad update, the chat's next valid one is answered at once. */
  async function telegramStillAnswers(chatId: number) {
    const f = target();
    await f.t.app.dispatcher.idle();
    const before = f.telegram.sentTo(chatId).length;
    expect(await f.telegramUpdate(updates.text(telegramUser(chatId), '/help'))).toBe(200);
    await f.telegram.waitFor(
      () => f.telegram.sentTo(chatId).length > before,
      ANSWER_MS,
      `an answer to chat ${chatId}`,
    );
  }
  async function zaloStillAnswers(userId: string) {
    const f = target();
    await f.t.app.dispatcher.idle();
    const before = f.zalo.messages(userId).length;
    expect(await f.zaloEvent(zaloUpdate({ userId, extra: { text: '/help' } }))).toBe(200);
    await f.zalo.waitFor(() => f.zalo.messages(userId).length > before, ANSWER_MS);
  }

  it('Telegram: acknowledges every malformed update (named and generated) and answers the chat’s next one at once', async () => {
    const chatId = base + 1;
    for (const update of telegramPoison(chatId))
      expect(await target().telegramUpdate(update), JSON.stringify(update)).toBeLessThan(500);
    // One sample per kind of handler (a text message, a button press, a member status change).
    const [text, , , , press, member] = telegramSamples(chatId);
    await inChunks(eachFieldPoisoned([text, press, member]), async (update) =>
      expect(await target().telegramUpdate(update), JSON.stringify(update)).toBeLessThan(500),
    );
    await telegramStillAnswers(chatId);
    await fc.assert(
      fc.asyncProperty(mutated(telegramSamples(chatId)), async (update) => {
        expect(await target().telegramUpdate(update)).toBeLessThan(500);
        await telegramStillAnswers(chatId);
      }),
      { seed: FUZZ_SEED, numRuns: 25 },
    );
  }, 120_000);

  it('Zalo: acknowledges every malformed event (named and generated) and answers the chat’s next one at once', async () => {
    const userId = `fz-${base}`;
    for (const event of zaloPoison(userId))
      expect(await target().zaloEvent(event), JSON.stringify(event)).toBeLessThan(500);
    await inChunks(eachFieldPoisoned(zaloSamples(userId)), async (event) =>
      expect(await target().zaloEvent(event), JSON.stringify(event)).toBeLessThan(500),
    );
    await zaloStillAnswers(userId);
    await fc.assert(
      fc.asyncProperty(mutated(zaloSamples(userId)), async (event) => {
        expect(await target().zaloEvent(event)).toBeLessThan(500);
        await zaloStillAnswers(userId);
      }),
      { seed: FUZZ_SEED, numRuns: 25 },
    );
  }, 120_000);

  it('fails no valid update for a bad neighbour: bad ones mixed into a burst of valid ones', async () => {
    const f = target();
    const badTelegram = [
      ...telegramPoison(base + 2),
      ...fc.sample(mutated(telegramSamples(base + 2)), { seed: FUZZ_SEED, numRuns: 15 }),
    ];
    const badZalo = [
      ...zaloPoison(`fz-bad-${base}`),
      ...fc.sample(mutated(zaloSamples(`fz-bad-${base}`)), { seed: FUZZ_SEED, numRuns: 15 }),
    ];
    const tgChats = Array.from({ length: 20 }, (_, i) => base + 100 + i);
    const zaloUsers = Array.from({ length: 40 }, (_, i) => `fz-${base}-${i}`);
    const validTelegram = tgChats.map((chatId) => updates.text(telegramUser(chatId), '/start'));
    const validZalo = zaloUsers.map((userId) => zaloUpdate({ userId, extra: { text: '/start' } }));
    const interleave = <T>(valid: T[], bad: T[]) =>
      valid.flatMap((item, i) => (i < bad.length ? [item, bad[i]!] : [item]));
    const [tgStatuses, zaloStatuses] = await Promise.all([
      Promise.all(interleave<unknown>(validTelegram, badTelegram).map((u) => f.telegramUpdate(u))),
      Promise.all(interleave<unknown>(validZalo, badZalo).map((e) => f.zaloEvent(e))),
    ]);
    expect([...tgStatuses, ...zaloStatuses].filter((status) => status >= 500)).toEqual([]);
    await f.t.app.dispatcher.idle();
    for (const chatId of tgChats)
      await f.telegram.waitFor(() => f.telegram.sentTo(chatId).length > 0, ANSWER_MS);
    for (const userId of zaloUsers) await f.zalo.waitFor(() => f.zalo.messages(userId).length > 0, ANSWER_MS);
  }, 60_000);
}
