import type { Redis } from 'ioredis';
import type { Logger } from '../../bot/logger';
import { connectRedis } from '../../bot/redis/connect-redis';
import type { RedisTarget } from '../../bot/redis/redis-target';
import { withTimeout } from './with-timeout';

export interface RedisConnections {
  /** For Queue objects: fails fast while Redis is away, so producers see errors at once. */
  readonly queue: Redis;
  /** For Worker objects: waits for Redis forever, as BullMQ requires of workers. */
  readonly worker: Redis;
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** The two connections BullMQ can share (workers add one blocking connection each), made lazily. */
export function createRedisConnections(target: RedisTarget, log: Logger): RedisConnections {
  let queue: Redis | undefined;
  let worker: Redis | undefined;

  function open(role: 'queue' | 'worker'): Redis {
    const options = role === 'queue' ? { enableOfflineQueue: false } : { maxRetriesPerRequest: null };
    const connection = connectRedis(target, { ...options, connectionName: `hocvuso-${role}` });
    let failing = false;
    connection.on('error', (err) => {
      // ioredis repeats the error on every reconnect attempt; one line per outage is enough.
      if (!failing) log.warn({ err, role }, 'redis connection error');
      failing = true;
    });
    connection.on('ready', () => {
      if (failing) log.info({ role }, 'redis connection restored');
      failing = false;
    });
    return connection;
  }

  return {
    get queue() {
      queue ??= open('queue');
      return queue;
    },
    get worker() {
      worker ??= open('worker');
      return worker;
    },
    async ping(timeoutMs) {
      queue ??= open('queue');
      await waitReady(queue, timeoutMs);
      await withTimeout(queue.ping(), timeoutMs, 'redis did not answer PING in time');
    },
    async close() {
      await Promise.all([queue, worker].map((connection) => connection && quit(connection)));
    },
  };
}

async function waitReady(connection: Redis, ms: number): Promise<void> {
  if (connection.status === 'ready') return;
  const settled: { ready?: () => void; fail?: (err?: Error) => void; timer?: NodeJS.Timeout } = {};
  try {
    await new Promise<void>((resolve, reject) => {
      settled.ready = resolve;
      settled.fail = (err) => reject(err ?? new Error('redis connection ended'));
      settled.timer = setTimeout(() => reject(new Error(`redis not ready (${connection.status})`)), ms);
      connection.once('ready', settled.ready);
      connection.once('error', settled.fail);
      connection.once('end', settled.fail);
    });
  } finally {
    clearTimeout(settled.timer);
    if (settled.ready) connection.off('ready', settled.ready);
    if (settled.fail) connection.off('error', settled.fail).off('end', settled.fail);
  }
}

async function quit(connection: Redis): Promise<void> {
  if (connection.status !== 'ready') return connection.disconnect();
  await withTimeout(connection.quit(), 1000, 'redis QUIT timed out').catch(() => connection.disconnect());
}
