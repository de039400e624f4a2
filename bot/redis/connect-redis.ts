import { Redis, type RedisOptions } from 'ioredis';
import type { RedisTarget } from './redis-target';

/** The one place an ioredis connection is made: a single Redis from the URL, or through Sentinel. */
export function connectRedis(target: RedisTarget, options: RedisOptions = {}): Redis {
  const { url, sentinel } = target;
  const merged: RedisOptions = sentinel
    ? {
        ...options,
        sentinels: sentinel.sentinels,
        name: sentinel.name,
        sentinelPassword: sentinel.password,
        // rediss:// means TLS everywhere: to the sentinels and to the master they name.
        ...(url?.startsWith('rediss://') ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
      }
    : options;
  return url ? new Redis(url, merged) : new Redis(merged);
}
