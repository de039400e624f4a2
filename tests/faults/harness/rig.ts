import { randomBytes } from 'node:crypto';
import { type AppProcess, startAppProcess } from '../../helpers/app-process';
import { freePort } from '../../helpers/free-port';
import { writeContent } from '../../support/content-fixture';
import { type Ledger, paragraphs, settleAndCount } from './ledger';
import {
  type ChannelLearner,
  type Platforms,
  startPlatforms,
  telegramLearner,
  zaloLearner,
} from './platforms';
import type { PrivatePostgres } from './private-postgres';
import type { PrivateRedis } from './private-redis';
import { SCRIPT, startTraffic, type Traffic, type TrafficOptions } from './traffic';

let nextUser = 5_000_000 + Math.floor(Math.random() * 1_000_000) * 100;

/** The whole app in child processes against private PostgreSQL and Redis, with the fake platforms. */
export interface Rig {
  apps: AppProcess[];
  platforms: Platforms;
  databaseUrl: string;
  env: Record<string, string>;
  /** Base URL of the first bot-role process. */
  url(): string;
  /** The fault-free conversation on each channel, from one learner each (run before any fault). */
  expected: Record<ChannelLearner['channel'], string[]>;
  /** Learns a channel's fault-free conversation later (it was unreachable at start). */
  learnExpected(channel: ChannelLearner['channel']): Promise<void>;
  learners(perChannel: number): ChannelLearner[];
  traffic(learners: ChannelLearner[], options?: Partial<TrafficOptions>): Traffic;
  /** kill -9 app `index`, then start it again on the same port (a supervisor's restart). */
  killAndRestart(index: number, downMs?: number): Promise<void>;
  /** Milliseconds from `since` until a new learner's message is answered end to end and /readyz is 200. */
  recoveredAfter(since: number, channel?: ChannelLearner['channel'], timeoutMs?: number): Promise<number>;
  settle(
    traffic: Traffic,
    learners: ChannelLearner[],
    timeoutMs?: number,
    conversations?: boolean,
  ): Promise<Ledger & { settledAt: number }>;
  close(): Promise<void>;
}

export async function startRig(options: {
  postgres: PrivatePostgres;
  redis: PrivateRedis;
  roles?: AppProcess['role'][];
  env?: Record<string, string>;
  platforms?: Platforms;
  /** Channels whose fault-free conversation is learned at start (default both). */
  controls?: ChannelLearner['channel'][];
}): Promise<Rig> {
  const platforms = options.platforms ?? (await startPlatforms());
  const databaseUrl = await options.postgres.createDatabase();
  const env = {
    ...platforms.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: options.redis.url,
    QUEUE_PREFIX: `fault-${randomBytes(4).toString('hex')}`,
    CONTENT_DIR: writeContent(),
    // A reply committed by a process that died is taken over after 5 s instead of 60 s.
    OUTBOX_LEASE_MS: '5000',
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...options.env,
  };
  const roles = options.roles ?? ['all'];
  const apps: AppProcess[] = [];
  for (const role of roles) apps.push(await startAppProcess({ env, port: await freePort(), role }));
  const front = () => apps.find((app) => app.role !== 'worker')!.url;

  const learners = (perChannel: number) =>
    Array.from({ length: perChannel }, () => {
      nextUser += 1;
      return [telegramLearner(platforms, nextUser), zaloLearner(platforms, `z${nextUser}`)];
    }).flat();

  async function conversation(learner: ChannelLearner): Promise<string[]> {
    const traffic = startTraffic({ learners: [learner], url: front, replyWaitMs: 30_000 });
    await traffic.done;
    // The last reply may still be arriving in parts: wait until nothing new comes for a moment.
    for (let seen = -1; seen !== learner.received().length; ) {
      seen = learner.received().length;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return paragraphs(learner.received());
  }
  const expected: Rig['expected'] = { telegram: [], zalo: [] };
  async function learnExpected(channel: ChannelLearner['channel']): Promise<void> {
    const learner = learners(1).find((candidate) => candidate.channel === channel)!;
    expected[channel] = await conversation(learner);
    if (expected[channel].length < SCRIPT.length)
      throw new Error(`the fault-free ${channel} conversation is shorter than the script: the rig is broken`);
  }
  for (const channel of options.controls ?? ['telegram', 'zalo']) await learnExpected(channel);

  return {
    apps,
    platforms,
    databaseUrl,
    env,
    url: front,
    expected,
    learnExpected,
    learners,
    traffic: (list, extra = {}) => startTraffic({ learners: list, url: front, ...extra }),
    async killAndRestart(index, downMs = 0) {
      const old = apps[index]!;
      await old.kill9();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      apps[index] = await startAppProcess({ env, port: old.port, role: old.role });
    },
    async recoveredAfter(since, channel = 'telegram', timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const probe = learners(1).find((learner) => learner.channel === channel)!;
        if (await answersNewLearner(front(), probe)) return Date.now() - since;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`not recovered within ${timeoutMs} ms`);
    },
    settle: (traffic, list, timeoutMs, conversations) =>
      settleAndCount({
        databaseUrl,
        learners: list,
        expected,
        sent: traffic.delivered,
        timeoutMs,
        conversations,
      }),
    async close() {
      await Promise.all(apps.map((app) => app.stop()));
      if (!options.platforms) await platforms.close();
    },
  };
}

/** Ready, and a learner never seen before gets the greeting within 5 s. */
async function answersNewLearner(url: string, probe: ChannelLearner): Promise<boolean> {
  try {
    const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3000) });
    await ready.arrayBuffer();
    if (!ready.ok) return false;
    if ((await probe.post(url, probe.update('/start'), 3000)) !== 200) return false;
    const deadline = Date.now() + 5000;
    while (probe.received().length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return probe.received().length > 0;
  } catch {
    return false;
  }
}
