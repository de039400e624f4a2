import type { FastifyInstance } from 'fastify';
import { campaignSendJob } from '../worker/jobs/campaign-send';
import { jobs } from '../worker/jobs/registry';
import { createJobQueue } from '../worker/queue/create-job-queue';
import type { JobQueue } from '../worker/queue/job-queue';
import { type Schedules, startWorkers } from '../worker/start-workers';
import { createTestSend } from './campaigns/test-send';
import type { Channel, ChannelSender } from './channels/channel';
import { createBudgets } from './channels/core/budgets';
import { createChannels } from './channels/create-channels';
import type { Config } from './config';
import type { Catalog } from './content/catalog';
import { loadContent } from './content/load-content';
import { formatContentError } from './content/read-yaml';
import type { Database } from './db/open-database';
import { openMigratedDatabase } from './db/open-migrated';
import { createTutor } from './engine/tutor';
import type { Platform } from './engine/types';
import type { Logger } from './logger';
import { appScrapeSources } from './metrics/app-sources';
import { addScrapeSources } from './metrics/scrape-sources';
import { connectRedis } from './redis/connect-redis';
import { createServer } from './server/create-server';
import { createRateLimiter } from './server/rate-limiter';
import { requireSharedStorage } from './shared-storage';
import { loadAppSecret } from './store/app-secret';
import type { LearnerStore } from './store/learner-store';
import { createOutboxStore } from './store/outbox-store';
import { createPrismaLearnerStore } from './store/prisma-learner-store';
import { createDispatcher, type Dispatcher } from './turns/dispatcher';
import { createIntake, type Intake } from './turns/intake';
import { createIntakeFirst } from './turns/intake-first';
import { createIntentHandler } from './turns/intent-handler';
import { createOutboxSender } from './turns/outbox-sender';
import { createTurnRunner, type TurnRunner } from './turns/turn-runner';
import { createAiStore } from './tutor-ai/ai-store';
import { createTutorAi } from './tutor-ai/create-tutor-ai';

export type Role = 'all' | 'bot' | 'worker';

export interface App {
  config: Config;
  log: Logger;
  db: Database;
  queue: JobQueue;
  catalog: Catalog;
  store: LearnerStore;
  runner: TurnRunner;
  intake: Intake;
  dispatcher: Dispatcher;
  channels: Channel[];
  server?: FastifyInstance;
  /** Listens (bot roles), starts receiving from the platforms, starts the workers (worker roles). */
  start(): Promise<{ url?: string }>;
  /** Graceful: stop taking work, finish turns in flight, close the queue and the database. */
  stop(): Promise<void>;
}

export class ContentInvalidError extends Error {}

export interface AppOptions {
  /** Migrations in a short-lived child process, so the server never holds the schema engine (main.ts). */
  migrateInChild?: boolean;
  /** A new embedded database being created meanwhile (see createEmbeddedInChild). */
  creatingDatabase?: Promise<unknown>;
  /** The jobs' clock (tests move it: reminders, days, quiet hours). */
  now?: () => Date;
}

export async function createApp(
  config: Config,
  role: Role,
  log: Logger,
  options: AppOptions = {},
): Promise<App> {
  requireSharedStorage(config, role);
  const content = await loadContent(config.contentDir);
  if (!content.ok) throw new ContentInvalidError(content.errors.map(formatContentError).join('\n'));
  const db = await openMigratedDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    log,
    migrateInChild: options.migrateInChild ?? false,
    creating: options.creatingDatabase,
    logLevel: config.logLevel,
    secrets: config.secrets,
  });
  const queue = createJobQueue({
    redis: config.redis,
    prefix: config.queuePrefix,
    log,
    closeTimeoutMs: Math.max(1000, config.shutdownTimeoutMs - 3000),
  });
  // Rate limits and send budgets: fail fast while Redis is away (callers fall back to this process).
  const redis = config.redis
    ? connectRedis(config.redis, {
        enableAutoPipelining: true,
        enableOfflineQueue: false,
        commandTimeout: 500,
        maxRetriesPerRequest: 0,
      })
    : undefined;
  redis?.on('error', () => {});
  const store = createPrismaLearnerStore(db, { outboxLeaseMs: config.outboxLeaseMs });
  const outboxStore = createOutboxStore(db, { leaseMs: config.outboxLeaseMs });
  const tutor = createTutor(content.catalog, { timeZone: config.timezone, quietHours: config.quietHours });
  const clock = options.now;
  const runner = createTurnRunner({ store, tutor, now: clock ? () => clock().getTime() : undefined });
  const senders: Partial<Record<Platform, ChannelSender>> = {};
  let dispatcher: Dispatcher | undefined;
  const intake = createIntake({
    store,
    log,
    gatherFirst: !config.databaseUrl,
    onNew: ({ platform, platformUserId }) => dispatcher?.schedule({ platform, platformUserId }),
    onIdle: () => dispatcher?.resume(),
  });
  const channels = createChannels({
    config,
    intake,
    store,
    web: {
      outbox: outboxStore,
      rateLimiter: createRateLimiter({ redis }),
      sessionKey: await loadAppSecret(db.prisma, 'web-session'),
    },
    budgetFor: createBudgets({ redis, prefix: config.queuePrefix, log }),
    log,
    receive: role !== 'worker',
  });
  for (const channel of channels) senders[channel.platform] = channel.sender;
  const outbox = createOutboxSender({ senders, outbox: outboxStore, log, leaseMs: config.outboxLeaseMs });
  // The lesson index serves the tutor-answer job, and it is the largest thing in memory after the
  // content: a process that runs no jobs (--role=bot) does not build it.
  const tutorAi = role === 'bot' ? undefined : createTutorAi({ config, catalog: content.catalog, db, log });
  dispatcher = createDispatcher({
    runner,
    store,
    outbox,
    log,
    onIntents: createIntentHandler({ queue, ratings: createAiStore(db), db, senders }),
    // Few batches in flight: arrivals during a round trip join the next batch (bigger batches, fewer
    // statements); each batch holds one connection at a time and intake and jobs keep the rest.
    maxBatches: Math.max(2, Math.floor(config.databasePoolSize / 4)),
    mayStartBatch: createIntakeFirst({ intakeBusy: intake.busy, onRoom: () => dispatcher?.resume() })
      .mayStartBatch,
  });
  let receiving = role === 'worker';
  let schedules: Schedules | undefined;
  /** Ready when the database and the queue answer; says which channel is still connecting. */
  const ready = async () => {
    if (!receiving) throw new Error('channels not started yet');
    await db.ping();
    await queue.ping();
    const lost = (await schedules?.missing()) ?? [];
    if (lost.length > 0) throw new Error(`job schedules missing: ${lost.join(', ')}`);
    return Object.fromEntries(channels.map((channel) => [channel.platform, channel.state?.() ?? 'up']));
  };
  const probes = { log, ready, publicUrl: config.publicUrl, trustProxy: config.trustProxy };
  // A worker process serves only the probes and /metrics, and only on WORKER_HTTP_PORT.
  const server =
    role === 'worker'
      ? config.workerHttpPort === undefined
        ? undefined
        : await createServer({ ...probes, channels: [], metricsToken: config.metricsToken })
      : await createServer({
          ...probes,
          channels,
          metricsToken: config.metricsToken,
          rateLimits: { redis, prefix: config.queuePrefix, ...config.rateLimits },
          admin: {
            prisma: db.prisma,
            catalog: content.catalog,
            adminApiKey: config.adminApiKey,
            timeZone: config.timezone,
            publicUrl: config.publicUrl,
            ...config.staff,
            quietHours: config.quietHours,
            sendTest: createTestSend({ prisma: db.prisma, senders, outbox: outboxStore }),
            wakeCampaigns: () => queue.add(campaignSendJob.queue, {}, { attempts: 1 }),
            queues: { queue, names: jobs.map((job) => job.queue) },
          },
          certificates: {
            prisma: db.prisma,
            catalog: content.catalog,
            timeZone: config.timezone,
            publicUrl: config.publicUrl,
          },
        });

  let stopping: Promise<void> | undefined;
  const removeScrapeSources = addScrapeSources(
    appScrapeSources(db, queue, [...new Set(jobs.map((job) => job.queue))]),
  );
  const app: App = {
    config,
    log,
    db,
    queue,
    catalog: content.catalog,
    store,
    runner,
    intake,
    dispatcher,
    channels,
    server,
    async start() {
      let url: string | undefined;
      const port = role === 'worker' ? config.workerHttpPort : config.port;
      if (server) url = await server.listen({ port, host: config.host });
      if (tutorAi)
        schedules = await startWorkers(queue, {
          config,
          db,
          store,
          outboxStore,
          outbox,
          dispatcher: app.dispatcher,
          intake,
          tutorAi,
          log,
          now: options.now ?? (() => new Date()),
        });
      if (role !== 'worker') for (const channel of channels) await channel.start();
      receiving = true;
      return { url };
    },
    stop() {
      stopping ??= (async () => {
        for (const channel of channels)
          await channel.stop().catch((err) => log.warn({ err }, 'channel stop failed'));
        if (server) {
          // Node closes idle keep-alive connections once, at close; connections whose request
          // finishes later would then hold the close open (up to keepAliveTimeout). Closed as they
          // go idle instead, so requests in flight still get their answer.
          const idle = setInterval(() => server.server.closeIdleConnections(), 50);
          await server.close().finally(() => clearInterval(idle));
        }
        removeScrapeSources();
        await app.dispatcher.stop();
        await runner.idle();
        schedules?.stop();
        await queue.close();
        redis?.disconnect();
        // A connection a cut-off job still holds would keep the pool from ending: never wait forever.
        const closed = db.close();
        const late = await Promise.race([
          closed.then(() => false),
          new Promise<boolean>((resolve) => setTimeout(resolve, 5000, true).unref()),
        ]);
        if (late) log.warn('database connections still busy 5 s into the shutdown; leaving them');
      })();
      return stopping;
    },
  };
  return app;
}
