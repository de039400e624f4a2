import net from 'node:net';
import { Redis } from 'ioredis';
import { describe } from 'vitest';

/** Test-only environment; the app itself reads its environment through bot/config.ts. */
export const TEST_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const requireServices = process.env.REQUIRE_SERVICES === '1';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export const hasPostgres = await reachable(TEST_POSTGRES_URL);
export const hasRedis = await reachable(TEST_REDIS_URL);

function gate(name: string, needs: { postgres?: boolean; redis?: boolean }) {
  const missing = [
    needs.postgres && !hasPostgres ? `PostgreSQL at ${TEST_POSTGRES_URL}` : undefined,
    needs.redis && !hasRedis ? `Redis at ${TEST_REDIS_URL}` : undefined,
  ].filter(Boolean);
  if (missing.length === 0) return { run: true, title: name };
  if (requireServices) throw new Error(`REQUIRE_SERVICES=1 but ${missing.join(' and ')} is not reachable`);
  return { run: false, title: `${name} (skipped: needs ${missing.join(' and ')})` };
}

/** A describe block that needs services: skipped with the reason when they are down, failing under REQUIRE_SERVICES=1. */
export function describeWithServices(
  name: string,
  needs: { postgres?: boolean; redis?: boolean },
  body: () => void,
): void {
  const { run, title } = gate(name, needs);
  (run ? describe : describe.skip)(title, body);
}

/** Deletes the Redis keys a test or bench left under its own prefix, e.g. `kill-1a2b3c4d:*`. */
export async function deleteRedisKeys(pattern: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
