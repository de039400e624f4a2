import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Role } from './app';
import { ConfigError, loadConfig } from './config';
import { createEmbeddedInChild } from './db/migrations/migrate-in-child';
import { createLogger } from './logger';

const { values } = parseArgs({ options: { role: { type: 'string', default: 'all' } } });
const role = values.role as Role;
if (!['all', 'bot', 'worker'].includes(role)) fail(`Unknown --role "${role}": use all, bot or worker`);

// A .env file beside the app is read when present; keys already in the environment win.
if (existsSync('.env')) process.loadEnvFile('.env');

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}
const log = createLogger(config.logLevel, config.secrets);

// A first start creates the embedded database in a child process while this one loads the app.
const creatingDatabase =
  role === 'all'
    ? createEmbeddedInChild({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        migrationsDir: undefined,
        logLevel: config.logLevel,
        secrets: config.secrets,
      })
    : undefined;
creatingDatabase?.catch(() => undefined); // reported where the app awaits it
const { ContentInvalidError, createApp } = await import('./app');

try {
  const app = await createApp(config, role, log, { migrateInChild: true, creatingDatabase });
  const { url } = await app.start();
  const webChat = url ? `http://localhost:${new URL(url).port}` : undefined;
  log.info({ role, url, webChat, database: app.db.kind, queue: app.queue.kind }, 'hocvuso is ready');
  if (webChat && process.stdout.isTTY)
    console.log(`\n  Web chat: open ${webChat} in your browser. Ctrl-C stops hocvuso.\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    app.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  if (error instanceof ContentInvalidError) {
    console.error(
      `${error.message}\nThe content in ${config.contentDir} is invalid: fix it (npm run content:check) and start again.`,
    );
    process.exit(1);
  }
  if (error instanceof ConfigError) fail(error.message);
  if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE')
    fail(`Port ${config.port} is already in use: set PORT to a free port (for example PORT=3001 npm start).`);
  log.fatal({ err: error }, 'start failed');
  process.exit(1);
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
