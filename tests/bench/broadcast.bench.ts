/**
 * `npm run bench:broadcast`: campaigns against the fake Telegram enforcing its limits, with the app
 * as `npm start` runs it (its own process, PostgreSQL, Redis). Three parts:
 *  1. at a 30 msg/s limit for 3 minutes, while learners chat: messages/s, 429s, reply p99;
 *  2. at a 1,000 msg/s limit: messages/s;
 *  3. a 1,000,000-recipient campaign: time to the first message, Redis memory, the page plan.
 * Parts 2 and 3 share one app (the same limit). BENCH_SHORT=1 (bench:all) or `-- --short` runs them
 * shorter, in about 70 s: 30 s, 8 s, 100,000 recipients. `-- --only=1,3` runs only those parts.
 */
import { Redis } from 'ioredis';
import { segmentWhere } from '../../bot/campaigns/segment';
import { Prisma } from '../../bot/db/generated/client';
import { TEST_REDIS_URL } from '../helpers/services';
import { machineCheck, measureCpu, summarize } from './bench-kit';
import { atLeast, atMost, benchShort, type Figure, reportFigure } from './bench-report';
import { CAMPAIGN_TEXT, type Rig, rateBetween, say, seed, startRig } from './broadcast-parts';

const short = benchShort || process.argv.includes('--short');
/** `-- --only=1,3` runs only those parts. */
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice(7)
  .split(',');
const part = (n: number) => !only || only.includes(String(n));
const LIMITED_SECONDS = short ? 30 : 180;
const FAST_SECONDS = short ? 8 : 30;
const MILLION = short ? 100_000 : 1_000_000;
/** How long the big campaign sends before its Redis keys are measured. */
const SENDING_MS = short ? 3_000 : 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const results: [string, string, string, boolean][] = [];
const report = (figure: Figure, value: string) => {
  reportFigure(figure);
  results.push([figure.figure, value, figure.target, figure.pass!]);
  console.log(`${figure.pass ? '✓' : '✗'} ${figure.figure}: ${value} (target ${figure.target})`);
};

async function startCampaign(rig: Rig): Promise<{ id: number; sentAt: number; recipients: number }> {
  const created = await rig.api<{ id: number; recipients: number }>('POST', '/campaigns', {
    name: 'bench',
    text: CAMPAIGN_TEXT,
    segment: { platforms: ['telegram'] },
  });
  const sentAt = performance.now();
  await rig.api('POST', `/campaigns/${created.id}/send`);
  return { id: created.id, sentAt, recipients: created.recipients };
}

/** When the first campaign message after `since` reached the fake. */
async function firstCampaignMessage(rig: Rig, since: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const first = rig.campaignSends.find((at) => at >= since);
    if (first !== undefined) return first;
    if (performance.now() > deadline) throw new Error('no campaign message arrived');
    await sleep(5);
  }
}

async function atTheLimit(): Promise<void> {
  console.log(`\n— 1. 30 msg/s limit, ${LIMITED_SECONDS} s, learners chatting meanwhile`);
  const rig = await startRig({ perSecond: 30, perChatPerSecond: 1 }, 30);
  try {
    await seed(rig.db, 1_000_000, 30 * LIMITED_SECONDS + 1_500, null);
    const chatters = Array.from({ length: 20 }, (_, i) => 5_000_000 + i);
    await seed(rig.db, chatters[0]!, chatters.length, null);
    // Out of the campaign (stopped broadcasts), still chatting with the bot.
    await rig.db.query(`UPDATE learner SET opted_out_at = now() WHERE platform_user_id::bigint >= 5000000`);
    const { id, sentAt } = await startCampaign(rig);
    const first = await firstCampaignMessage(rig, sentAt, 30_000);
    console.log(`first message ${(first - sentAt).toFixed(0)} ms after /send`);
    const latencies: number[] = [];
    const end = first + LIMITED_SECONDS * 1000;
    let update = 1;
    const { cpu } = await measureCpu([rig.app.child.pid!], async () => {
      for (let n = 0; performance.now() < end; n++) {
        const chat = chatters[n % chatters.length]!;
        const started = performance.now();
        const reply = rig.nextTo(chat);
        await say(rig.app, chat, update++, '/help');
        void reply.then((at) => latencies.push(at - started));
        await sleep(1000 - (performance.now() - started));
      }
      return {};
    });
    console.log(`  ${cpu} (PostgreSQL: every process on the machine)`);
    const campaignRate = rateBetween(rig.campaignSends, first, end);
    const allRate = rateBetween(rig.allSends, first, end);
    const sends = rig.allSends.length;
    report(
      atLeast(`messages/s through the bot at a 30/s limit, ${LIMITED_SECONDS} s`, allRate, 29, 'msg/s'),
      `${allRate.toFixed(1)} (campaign + replies)`,
    );
    console.log(`  of which the campaign: ${campaignRate.toFixed(1)} msg/s; replies: ${latencies.length}`);
    const limited = (100 * rig.fake.limited) / sends;
    report(atMost('429s, share of sends', limited, 1, '%'), `${rig.fake.limited} of ${sends} sends`);
    const replies = summarize(latencies);
    report(
      atMost(`learners’ replies p99 while sending (${replies.count} replies)`, replies.p99, 150, 'ms'),
      `${replies.p99.toFixed(0)} ms (median ${replies.median.toFixed(0)})`,
    );
    await rig.api('POST', `/campaigns/${id}/cancel`);
  } finally {
    await rig.stop();
  }
}

async function fast(rig: Rig): Promise<void> {
  console.log(`\n— 2. 1,000 msg/s limit, ${FAST_SECONDS} s`);
  await seed(rig.db, 1_000_000, 1000 * (FAST_SECONDS + 5) + 5_000, null);
  const { id, sentAt } = await startCampaign(rig);
  const first = await firstCampaignMessage(rig, sentAt, 30_000);
  // The first seconds fill the window; the rate is measured after them.
  const from = first + 2000;
  await sleep(from - performance.now());
  const sentBefore = rig.campaignSends.length;
  const { cpu, perTurn } = await measureCpu([rig.app.child.pid!], async () => {
    await sleep(FAST_SECONDS * 1000);
    return {};
  });
  const rate = rateBetween(rig.campaignSends, from, from + FAST_SECONDS * 1000);
  console.log(`  ${cpu}; per campaign message: ${perTurn(rig.campaignSends.length - sentBefore)}`);
  report(
    atLeast(`campaign messages/s at a 1,000/s limit, ${FAST_SECONDS} s`, rate, 900, 'msg/s'),
    rate.toFixed(0),
  );
  console.log(`  429s: ${rig.fake.limited}`);
  await rig.api('POST', `/campaigns/${id}/cancel`);
  // Sends in flight at the cancel land within moments: part 3 must not count them as its own.
  while (performance.now() - (rig.campaignSends.at(-1) ?? 0) < 1000) await sleep(100);
}

async function redisBytes(prefix: string): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL);
  let bytes = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    for (const key of keys) bytes += (await redis.memory('USAGE', key)) ?? 0;
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
  return bytes;
}

/** Part 3 on part 2's app: its learners stay, so as many more are seeded as make up MILLION. */
async function million(rig: Rig): Promise<void> {
  console.log(`\n— 3. a ${MILLION.toLocaleString('en')}-recipient campaign`);
  const seeding = performance.now();
  const { rows } = await rig.db.query('SELECT count(*) AS n FROM learner');
  await seed(rig.db, 3_000_000, MILLION - Number(rows[0].n), null);
  console.log(`seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
  const before = await redisBytes(rig.prefix);
  const { id, sentAt, recipients } = await startCampaign(rig);
  const first = await firstCampaignMessage(rig, sentAt, 60_000);
  report(
    atMost(
      `first message after /send, ${recipients.toLocaleString('en')} recipients`,
      (first - sentAt) / 1000,
      5,
      's',
    ),
    `${((first - sentAt) / 1000).toFixed(2)} s`,
  );
  await sleep(SENDING_MS);
  const after = await redisBytes(rig.prefix);
  const mb = Math.max(before, after) / 1e6;
  report(
    atMost(
      `Redis memory of the app’s keys while sending to ${recipients.toLocaleString('en')}`,
      mb,
      50,
      'MB',
    ),
    `${mb.toFixed(2)} MB`,
  );
  await rig.api('POST', `/campaigns/${id}/cancel`);
  await plans(rig, id);
}

/** The page statement's plan at the start and near the end of a million learners: the same work. */
async function plans(rig: Rig, id: number): Promise<void> {
  const { rows } = await rig.db.query('SELECT max(id) AS max FROM learner');
  for (const cursor of [0, Number(rows[0].max) - 1000]) {
    // The page as the runner reads it (hand-out.ts), with the bench campaign's segment.
    const page = Prisma.sql`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
      SELECT l.id, l.platform, l.platform_user_id, COALESCE(l.chat_id, l.platform_user_id) AS chat_id
      FROM learner l WHERE l.id > ${cursor} AND ${segmentWhere({ platforms: ['telegram'] })}
      ORDER BY l.id LIMIT 400`;
    const plan = await rig.db.query(page.text, page.values);
    console.log(`\npage of 400 after learner ${cursor} (campaign ${id}):`);
    for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
  }
}

console.log(machineCheck());
const timed = async (name: string, work: () => Promise<void>) => {
  const started = performance.now();
  await work();
  console.log(
    `(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s with its app's start and stop)`,
  );
};
if (part(1)) await timed('part 1', atTheLimit);
if (part(2) || part(3))
  await timed(part(2) && part(3) ? 'parts 2 and 3' : 'this part', async () => {
    const rig = await startRig({ perSecond: 1000, perChatPerSecond: 1 }, 1000);
    try {
      if (part(2)) await fast(rig);
      if (part(3)) await million(rig);
    } finally {
      await rig.stop();
    }
  });
console.log('\nSummary (the machine may be shared: see the README for quiet-machine figures)');
for (const [what, value, target, ok] of results)
  console.log(`${ok ? '✓' : '✗'} ${what}: ${value} (target ${target})`);
process.exit(0);
