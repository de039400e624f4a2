/**
 * `npm run bench:broadcast`: campaigns against the fake Telegram enforcing its limits, with the app
 * as `npm start` runs it (its own process, PostgreSQL, Redis). Three parts:
 *  1. at a 30 msg/s limit for 3 minutes, while learners chat: messages/s, 429s, reply p99;
 *  2. at a 1,000 msg/s limit: messages/s;
 *  3. a 1,000,000-recipient campaign: time to the first message, Redis memory, the page plan.
 * `-- --short` runs shorter parts (20 s, 10 s, 100,000 recipients) for CI-like runs; `-- --only=1,3`
 * runs only those parts.
 */
import { Redis } from 'ioredis';
import { segmentWhere } from '../../bot/campaigns/segment';
import { Prisma } from '../../bot/db/generated/client';
import { TEST_REDIS_URL } from '../helpers/services';
import { machineCheck, measureCpu, summarize } from './bench-kit';
import { CAMPAIGN_TEXT, type Rig, rateBetween, say, seed, startRig } from './broadcast-parts';

const short = process.argv.includes('--short');
/** `-- --only=1,3` runs only those parts. */
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice(7)
  .split(',');
const part = (n: number) => !only || only.includes(String(n));
const LIMITED_SECONDS = short ? 20 : 180;
const FAST_SECONDS = short ? 10 : 30;
const MILLION = short ? 100_000 : 1_000_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const results: [string, string, string, boolean][] = [];
const report = (what: string, value: string, target: string, ok: boolean) => {
  results.push([what, value, target, ok]);
  console.log(`${ok ? '✓' : '✗'} ${what}: ${value} (target ${target})`);
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

async function firstCampaignMessage(rig: Rig, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (rig.campaignSends.length === 0) {
    if (performance.now() > deadline) throw new Error('no campaign message arrived');
    await sleep(5);
  }
  return rig.campaignSends[0]!;
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
    const first = await firstCampaignMessage(rig, 30_000);
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
    report('messages/s through the bot (campaign + replies)', allRate.toFixed(1), '≥ 29', allRate >= 29);
    console.log(`  of which the campaign: ${campaignRate.toFixed(1)} msg/s; replies: ${latencies.length}`);
    const limited = (100 * rig.fake.limited) / sends;
    report('429s', `${rig.fake.limited} of ${sends} sends (${limited.toFixed(2)}%)`, '≤ 1%', limited <= 1);
    const replies = summarize(latencies);
    report(
      'learners’ replies p99',
      `${replies.p99.toFixed(0)} ms (median ${replies.median.toFixed(0)}, n ${replies.count})`,
      '≤ 150 ms',
      replies.p99 <= 150,
    );
    await rig.api('POST', `/campaigns/${id}/cancel`);
  } finally {
    await rig.stop();
  }
}

async function fast(): Promise<void> {
  console.log(`\n— 2. 1,000 msg/s limit, ${FAST_SECONDS} s`);
  const rig = await startRig({ perSecond: 1000, perChatPerSecond: 1 }, 1000);
  try {
    await seed(rig.db, 1_000_000, 1000 * (FAST_SECONDS + 5) + 5_000, null);
    const { id } = await startCampaign(rig);
    const first = await firstCampaignMessage(rig, 30_000);
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
    report('campaign messages/s at a 1,000/s limit', rate.toFixed(0), '≥ 900', rate >= 900);
    console.log(`  429s: ${rig.fake.limited}`);
    await rig.api('POST', `/campaigns/${id}/cancel`);
  } finally {
    await rig.stop();
  }
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

async function million(): Promise<void> {
  console.log(`\n— 3. a ${MILLION.toLocaleString('en')}-recipient campaign`);
  const rig = await startRig({ perSecond: 1000, perChatPerSecond: 1 }, 1000);
  try {
    const seeding = performance.now();
    await seed(rig.db, 1_000_000, MILLION, null);
    console.log(`seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
    const before = await redisBytes(rig.prefix);
    const { id, sentAt, recipients } = await startCampaign(rig);
    const first = await firstCampaignMessage(rig, 60_000);
    report(
      `first message after /send (${recipients.toLocaleString('en')} recipients)`,
      `${((first - sentAt) / 1000).toFixed(2)} s`,
      '≤ 5 s',
      first - sentAt <= 5000,
    );
    await sleep(10_000);
    const after = await redisBytes(rig.prefix);
    const mb = Math.max(before, after) / 1e6;
    report('Redis memory of the app’s keys while sending', `${mb.toFixed(2)} MB`, '≤ 50 MB', mb <= 50);
    await rig.api('POST', `/campaigns/${id}/cancel`);
    await plans(rig, id);
  } finally {
    await rig.stop();
  }
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
if (part(1)) await atTheLimit();
if (part(2)) await fast();
if (part(3)) await million();
console.log('\nSummary (the machine may be shared: see the README for quiet-machine figures)');
for (const [what, value, target, ok] of results)
  console.log(`${ok ? '✓' : '✗'} ${what}: ${value} (target ${target})`);
process.exit(0);
