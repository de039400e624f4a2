import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { createJobQueue } from '../worker/queue/create-job-queue';
import type { JobQueue } from '../worker/queue/job-queue';
import { startWorkers } from '../worker/start-workers';
import type { Channel, ChannelSender } from './channels/channel';
import { createChannels } from './channels/create-channels';
import { type Config, ConfigError } from './config';
import type { Catalog } from './content/catalog';
import { loadContent } from './content/load-content';
import { formatContentError } from './content/read-yaml';
import { type Database, openDatabase } from './db/open-database';
import { createTutor } from './engine/tutor';
import type { Platform } from './engine/types';
import type { Logger } from './logger';
import { createServer } from './server/create-server';
import type { LearnerStore } from './store/learner-store';
import { createPrismaLearnerStore } from './store/prisma-learner-store';
import { createDispatcher, type Dispatcher } from './turns/dispatcher';
import { createIntake, type Intake } from './turns/intake';
import { createTurnPacer } from './turns/turn-pacer';
import { createTurnRunner, type TurnRunner } from './turns/turn-runner';

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

export async function createApp(config: Config, role: Role, log: Logger): Promise<App> {
  if (role !== 'all' && (!config.databaseUrl || !config.redisUrl)) {
    throw new ConfigError(
      `Invalid configuration: DATABASE_URL and REDIS_URL are required to run the ${role} role alone`,
    );
  }
  const content = await loadContent(config.contentDir);
  if (!content.ok) throw new ContentInvalidError(content.errors.map(formatContentError).join('\n'));
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    log,
  });
  await db.migrate();
  const queue = createJobQueue({
    redisUrl: config.redisUrl,
    prefix: config.queuePrefix,
    log,
    closeTimeoutMs: Math.max(1000, config.shutdownTimeoutMs - 3000),
  });
  const redis =
    config.redisUrl && role !== 'worker'
      ? new Redis(config.redisUrl, { enableAutoPipelining: true })
      : undefined;
  const store = createPrismaLearnerStore(db);
  const runner = createTurnRunner({ store, tutor: createTutor(content.catalog) });
  const senders: Partial<Record<Platform, ChannelSender>> = {};
  let dispatcher: Dispatcher | undefined;
  const intake = createIntake({
    store,
    log,
    gatherFirst: !config.databaseUrl,
    onNew: ({ platform, platformUserId }) => dispatcher?.schedule({ platform, platformUserId }),
  });
  const channels = createChannels({ config, intake, store, log, receive: role !== 'worker' });
  for (const channel of channels) senders[channel.platform] = channel.sender;
  const pacer = createTurnPacer({
    onChange: (paced) =>
      log.info(
        paced
          ? 'deliveries arrive faster than turns run: acknowledging first, turns paced'
          : 'turns at full speed again',
      ),
  });
  dispatcher = createDispatcher({
    runner,
    pacer,
    store,
    senders,
    log,
    // Few batches in flight: arrivals during a round trip join the next batch (bigger batches, fewer
    // statements); each batch holds one connection at a time and intake and jobs keep the rest.
    maxBatches: Math.max(2, Math.floor(config.databasePoolSize / 4)),
  });
  let receiving = role === 'worker';
  const ready = async () => {
    if (!receiving) throw new Error('channels not started yet');
    await db.ping();
    await queue.ping();
  };
  const server =
    role === 'worker'
      ? undefined
      : await createServer({
          log,
          runner,
          webChat: config.webChat,
          channels,
          ready,
          redis,
          publicUrl: config.publicUrl,
          admin: {
            prisma: db.prisma,
            catalog: content.catalog,
            adminApiKey: config.adminApiKey,
            timeZone: config.timezone,
            publicUrl: config.publicUrl,
            ...config.staff,
          },
        });

  let stopping: Promise<void> | undefined;
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
      if (server) url = await server.listen({ port: config.port, host: config.host });
      if (role !== 'bot')
        await startWorkers(queue, {
          db,
          store,
          dispatcher: app.dispatcher,
          log,
          now: () => new Date(),
          timeZone: config.timezone,
        });
      if (role !== 'worker') for (const channel of channels) await channel.start();
      receiving = true;
      return { url };
    },
    stop() {
      stopping ??= (async () => {
        for (const channel of channels)
          await channel.stop().catch((err) => log.warn({ err }, 'channel stop failed'));
        await server?.close();
        await app.dispatcher.stop();
        pacer.stop();
        await runner.idle();
        await queue.close();
        redis?.disconnect();
        await db.close();
      })();
      return stopping;
    },
  };
  return app;
}
