import { describe, expect, it } from 'vitest';
import type { ChannelSender, SendResult } from '../../bot/channels/channel';
import type { Intent } from '../../bot/engine/types';
import { createLogger } from '../../bot/logger';
import type { LearnerKey, LearnerStore } from '../../bot/store/learner-store';
import type { OutboxOutcome, OutboxStore } from '../../bot/store/outbox-store';
import { createDispatcher } from '../../bot/turns/dispatcher';
import { createOutboxSender } from '../../bot/turns/outbox-sender';
import type { Drained, TurnRunner } from '../../bot/turns/turn-runner';

const key = (id: string): LearnerKey => ({ platform: 'telegram', platformUserId: id });

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A runner whose drains finish when the test says so; each drain answers "reply N" per learner. */
function fakeRunner() {
  const batches: string[][] = [];
  const pending: { keys: LearnerKey[]; done: (drained: Drained[]) => void }[] = [];
  let drains = 0;
  const runner: TurnRunner = {
    idle: async () => {},
    drainInboxes(keys) {
      batches.push(keys.map((k) => k.platformUserId));
      const { promise, resolve } = deferred<Drained[]>();
      pending.push({ keys, done: resolve });
      return promise;
    },
  };
  /** Finishes the oldest drain: every learner in it gets one reply, unless `fail` names them. */
  const finishNext = (fail: string[] = []) => {
    const next = pending.shift()!;
    next.done(
      next.keys.map((k) =>
        fail.includes(k.platformUserId)
          ? { deliveries: [], intents: [], turns: 0, error: new Error('database down') }
          : {
              deliveries: [
                {
                  id: BigInt(++drains),
                  inboundId: BigInt(drains),
                  externalId: String(drains),
                  priority: 0,
                  chatId: k.platformUserId,
                  replies: [{ text: `reply ${drains}` }],
                },
              ],
              intents: k.platformUserId.startsWith('asker')
                ? [{ kind: 'ask-tutor' as const, question: 'bật wifi thế nào?', language: 'vi' as const }]
                : [],
              turns: 1,
            },
      ),
    );
  };
  return { runner, batches, pending, finishNext };
}

function fakeSender(result: SendResult = { ok: true }) {
  const sent: string[] = [];
  const gates: (() => void)[] = [];
  let hold = false;
  const sender: ChannelSender = {
    platform: 'telegram',
    async send(chatId, replies) {
      if (hold) await new Promise<void>((resolve) => gates.push(resolve));
      sent.push(`${chatId}: ${replies.map((r) => r.text).join(' ')}`);
      return result;
    },
  };
  return {
    sender,
    sent,
    holdSends: (value: boolean) => {
      hold = value;
    },
    releaseSends: () => {
      for (const gate of gates.splice(0)) gate();
    },
  };
}

const store = (unreachable: LearnerKey[] = []) =>
  ({ markUnreachable: async (k: LearnerKey) => void unreachable.push(k) }) as unknown as LearnerStore;
/** An outbox that only remembers how sends ended. */
const settled = (outcomes: OutboxOutcome[]) =>
  ({ settle: async (list: OutboxOutcome[]) => void outcomes.push(...list) }) as unknown as OutboxStore;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const log = createLogger('silent');

/** A dispatcher over the fake runner and a fake Telegram sender. */
function setup(
  options: {
    maxBatches?: number;
    maxBatchSize?: number;
    maxBatchMessages?: number;
    maxInFlight?: number;
    result?: SendResult;
    mayStartBatch?: (running: number) => boolean;
  } = {},
) {
  const runner = fakeRunner();
  const sends = fakeSender(options.result);
  const unreachable: LearnerKey[] = [];
  const outcomes: OutboxOutcome[] = [];
  const intents: { learner: string; list: Intent[] }[] = [];
  const dispatcher = createDispatcher({
    runner: runner.runner,
    store: store(unreachable),
    outbox: createOutboxSender({ senders: { telegram: sends.sender }, outbox: settled(outcomes), log }),
    onIntents: async (k: LearnerKey, list: Intent[]) =>
      void intents.push({ learner: k.platformUserId, list }),
    log,
    maxBatches: options.maxBatches,
    maxBatchSize: options.maxBatchSize,
    maxBatchMessages: options.maxBatchMessages,
    maxInFlight: options.maxInFlight,
    mayStartBatch: options.mayStartBatch,
  });
  return { dispatcher, ...runner, sends, sent: sends.sent, unreachable, outcomes, intents };
}

describe('dispatcher', () => {
  it('batches learners waiting for a reply before campaign inputs that arrived earlier', async () => {
    const { dispatcher, batches, finishNext } = setup({ maxBatches: 1, maxBatchSize: 2 });
    dispatcher.schedule(key('first'));
    for (const id of ['bulk1', 'bulk2', 'bulk3']) dispatcher.schedule(key(id), { bulk: true });
    dispatcher.schedule(key('writer'));
    // A learner with a campaign input waiting who writes now is waiting for a reply too.
    dispatcher.schedule(key('bulk3'));
    finishNext();
    await tick();
    expect(batches).toEqual([['first'], ['writer', 'bulk3']]);
    finishNext();
    await tick();
    expect(batches.at(-1)).toEqual(['bulk1', 'bulk2']);
    finishNext();
    await dispatcher.idle();
  });

  it('drains every learner who wrote during a batch together, in the next batch', async () => {
    const { dispatcher, batches, finishNext, sent } = setup({ maxBatches: 1 });
    dispatcher.schedule(key('a'));
    for (const id of ['b', 'c', 'd', 'b']) dispatcher.schedule(key(id));
    expect(batches).toEqual([['a']]);
    finishNext();
    await tick();
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
    finishNext();
    await dispatcher.idle();
    expect(sent.sort()).toEqual(['a: reply 1', 'b: reply 2', 'c: reply 3', 'd: reply 4']);
  });

  it('caps the batch size and the batches in flight', async () => {
    const { dispatcher, batches, pending, finishNext } = setup({ maxBatches: 2, maxBatchSize: 3 });
    for (let i = 0; i < 10; i++) dispatcher.schedule(key(`l${i}`));
    expect(batches).toEqual([['l0'], ['l1']]);
    finishNext();
    await tick();
    expect(batches.at(-1)).toEqual(['l2', 'l3', 'l4']);
    expect(pending).toHaveLength(2);
    while (pending.length > 0) {
      finishNext();
      await tick();
    }
    await dispatcher.idle();
    expect(batches.flat().sort()).toEqual(Array.from({ length: 10 }, (_, i) => `l${i}`).sort());
  });

  it('starts a batch only when mayStartBatch allows it, and the held ones on resume', async () => {
    let allowed = 1;
    const { dispatcher, batches, pending, finishNext } = setup({
      maxBatches: 3,
      maxBatchSize: 1,
      mayStartBatch: (running) => running < allowed,
    });
    for (const id of ['a', 'b', 'c', 'd']) dispatcher.schedule(key(id));
    expect(batches).toEqual([['a']]);
    finishNext();
    await tick();
    expect(pending).toHaveLength(1);
    allowed = 0;
    finishNext();
    await tick();
    expect(pending).toHaveLength(0);
    allowed = 3;
    dispatcher.resume();
    expect(pending).toHaveLength(2);
    while (pending.length > 0) {
      finishNext();
      await tick();
    }
    await dispatcher.idle();
    expect(batches.flat().sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('runs a learner whose turns failed again about a second later, not only at the sweep', async () => {
    const { dispatcher, batches, finishNext } = setup({ maxBatches: 1 });
    dispatcher.schedule(key('a'));
    finishNext(['a']);
    await tick();
    expect(batches).toEqual([['a']]);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(batches).toEqual([['a'], ['a']]);
    finishNext();
    await dispatcher.idle();
  });

  it('drains a learner again only after their replies went out, never two drains at once', async () => {
    const { dispatcher, batches, finishNext, sends } = setup();
    sends.holdSends(true);
    dispatcher.schedule(key('a'));
    finishNext();
    await tick();
    // A second message while the first reply is still being sent: no second drain yet.
    dispatcher.schedule(key('a'));
    dispatcher.schedule(key('a'));
    await tick();
    expect(batches).toEqual([['a']]);
    sends.holdSends(false);
    sends.releaseSends();
    await tick();
    expect(batches).toEqual([['a'], ['a']]);
    finishNext();
    await dispatcher.idle();
    expect(sends.sent).toEqual(['a: reply 1', 'a: reply 2']);
  });

  it('sends what committed when a learner of the batch failed, and leaves that one to the sweep', async () => {
    const { dispatcher, finishNext, sent } = setup({ maxBatches: 1 });
    dispatcher.schedule(key('first'));
    dispatcher.schedule(key('ok'));
    dispatcher.schedule(key('broken'));
    finishNext();
    await tick();
    finishNext(['broken']);
    await dispatcher.idle();
    expect(sent).toEqual(['first: reply 1', 'ok: reply 2']);
  });

  it('marks a learner who blocked the bot unreachable and stops sending to them', async () => {
    const { dispatcher, finishNext, unreachable, outcomes } = setup({
      result: { ok: false, reason: 'blocked' },
    });
    dispatcher.schedule(key('gone'));
    finishNext();
    await dispatcher.idle();
    expect(unreachable).toEqual([key('gone')]);
    expect(outcomes).toEqual([{ id: 1n, status: 'blocked' }]);
  });

  it('hands on what committed turns asked for beyond their replies', async () => {
    const { dispatcher, finishNext, intents } = setup({ maxBatches: 1 });
    dispatcher.schedule(key('asker-1'));
    dispatcher.schedule(key('quiet'));
    finishNext();
    await tick();
    finishNext();
    await dispatcher.idle();
    expect(intents).toEqual([
      { learner: 'asker-1', list: [{ kind: 'ask-tutor', question: 'bật wifi thế nào?', language: 'vi' }] },
    ]);
  });

  it('leaves the messages pending when the channel is paused (its token refused)', async () => {
    const { dispatcher, outcomes, unreachable, sent, finishNext } = setup({
      result: { ok: false, reason: 'paused', error: '403 Forbidden' },
    });
    dispatcher.schedule(key('a'));
    finishNext();
    await dispatcher.idle();
    expect(sent).toHaveLength(1);
    expect(outcomes).toEqual([]);
    expect(unreachable).toEqual([]);
  });

  it('records in the outbox how each send ended', async () => {
    const { dispatcher, finishNext, outcomes } = setup();
    dispatcher.schedule(key('a'));
    dispatcher.schedule(key('b'));
    finishNext();
    finishNext();
    await dispatcher.idle();
    expect(outcomes).toEqual([
      { id: 1n, status: 'sent' },
      { id: 2n, status: 'sent' },
    ]);
  });

  it('budgets a batch by turns: a learner with a backlog counts up to a page of messages', async () => {
    const { dispatcher, batches, finishNext, pending } = setup({ maxBatches: 1, maxBatchMessages: 20 });
    dispatcher.schedule(key('first'));
    for (let i = 0; i < 30; i++) dispatcher.schedule(key('backlog'));
    for (const id of ['x', 'y', 'z', 'w', 'v']) dispatcher.schedule(key(id));
    expect(batches).toEqual([['first']]);
    finishNext();
    await tick();
    // 16 (a page) for the backlog, then one each while they fit in 20.
    expect(batches.at(-1)).toEqual(['backlog', 'x', 'y', 'z', 'w']);
    while (pending.length > 0) {
      finishNext();
      await tick();
    }
    await dispatcher.idle();
    expect(batches.at(-1)).toEqual(['v']);
  });

  it('starts no batch while too many learners are still being sent their replies', async () => {
    const { dispatcher, batches, finishNext, sends } = setup({ maxInFlight: 2 });
    sends.holdSends(true);
    for (const id of ['a', 'b', 'c']) dispatcher.schedule(key(id));
    expect(batches).toEqual([['a'], ['b']]);
    finishNext();
    finishNext();
    await tick();
    // a and b wait for their sends: c waits for room.
    expect(batches).toHaveLength(2);
    sends.holdSends(false);
    sends.releaseSends();
    await tick();
    expect(batches.at(-1)).toEqual(['c']);
    finishNext();
    await dispatcher.idle();
    expect(sends.sent.sort()).toEqual(['a: reply 1', 'b: reply 2', 'c: reply 3']);
  });

  it('on stop, finishes the batches in flight and their replies but starts no new one', async () => {
    const { dispatcher, batches, finishNext, sent } = setup({ maxBatches: 1 });
    dispatcher.schedule(key('a'));
    dispatcher.schedule(key('b'));
    const stopped = dispatcher.stop();
    finishNext();
    await stopped;
    expect(batches).toEqual([['a']]);
    expect(sent).toEqual(['a: reply 1']);
    // b stays pending in the inbox, for the sweep or their next message.
    dispatcher.schedule(key('c'));
    await dispatcher.idle();
    expect(batches).toEqual([['a']]);
  });
});
