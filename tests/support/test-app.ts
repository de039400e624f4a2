import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp, type Role } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { TEST_POSTGRES_URL, TEST_REDIS_URL } from '../helpers/services';
import { onServer, withDatabase } from '../helpers/test-database';
import { writeContent } from './content-fixture';

export interface TestApp {
  app: App;
  /** Base URL of the listening HTTP server (bot roles). */
  url: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  /** `postgres`: a fresh database on the test server; `pglite`: the embedded default in a temp dir. */
  database: 'postgres' | 'pglite';
  /** BullMQ on the test Redis (unique prefix) instead of the in-process queue. */
  redis?: boolean;
  role?: Role;
  /** Extra environment (channel tokens, fake server URLs…). */
  env?: Record<string, string>;
  /** The jobs' clock (reminder tests move it). */
  now?: () => Date;
  /** Reuse a database/data dir across restarts (kill -9 tests); default: fresh. */
  reuse?: { databaseUrl?: string; dataDir?: string };
}

/** Creates a uniquely named PostgreSQL database; returns its URL and a drop function. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hocvuso_test_${randomBytes(6).toString('hex')}`;
  await onServer((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: withDatabase(TEST_POSTGRES_URL, name),
    drop: async () => {
      await onServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** Starts the real app (migrations, queue, HTTP on a random port) against throwaway storage. */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const cleanups: (() => Promise<void>)[] = [];
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    CONTENT_DIR: writeContent(),
    QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    WEB_CHAT_SESSION_RATE: '100000',
    WEB_CHAT_CLIENT_RATE: '100000',
    ...options.env,
  };
  if (options.database === 'postgres') {
    if (options.reuse?.databaseUrl) env.DATABASE_URL = options.reuse.databaseUrl;
    else {
      const database = await createPostgresDatabase();
      env.DATABASE_URL = database.url;
      cleanups.push(database.drop);
    }
  } else {
    env.DATA_DIR = options.reuse?.dataDir ?? mkdtempSync(join(tmpdir(), 'hocvuso-data-'));
    if (!options.reuse?.dataDir)
      cleanups.push(async () => rmSync(env.DATA_DIR!, { recursive: true, force: true }));
  }
  if (options.redis) env.REDIS_URL = TEST_REDIS_URL;
  const config = loadConfig(env);
  const app = await createApp(config, options.role ?? 'all', createLogger(config.logLevel, config.secrets), {
    now: options.now,
  });
  const { url } = await app.start();
  return {
    app,
    url: url ?? '',
    env,
    async stop() {
      await app.stop();
      for (const cleanup of cleanups.reverse()) await cleanup();
    },
  };
}
