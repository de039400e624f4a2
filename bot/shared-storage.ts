import { type Config, ConfigError } from './config';

/** A bot or worker process alone must share its database and Redis with the others. */
export function requireSharedStorage(config: Pick<Config, 'databaseUrl' | 'redis'>, role: string): void {
  if (role === 'all' || (config.databaseUrl && config.redis)) return;
  throw new ConfigError(
    `Invalid configuration: DATABASE_URL and REDIS_URL are required to run the ${role} role alone (REDIS_SENTINELS with REDIS_SENTINEL_NAME may stand for REDIS_URL)`,
  );
}
