import type { PrismaClient } from '../../bot/db/generated/client';

export const ADMIN_KEY = 'campaign-test-admin-key-0123456789abcdef';

/**
 * Learners who finished onboarding (consented, at the menu), inserted in one statement: user and
 * chat ids `firstChat`, `firstChat + 1`, … Returns their ids in the same order.
 */
export async function seedLearners(
  prisma: PrismaClient,
  options: { count: number; platform: 'telegram' | 'zalo' | 'web'; firstChat: number; province?: string },
): Promise<number[]> {
  const state = JSON.stringify({ v: 1, seq: 3, step: { at: 'menu' }, done: {}, seed: 7 });
  const rows = await prisma.$queryRaw<{ id: number }[]>`
    INSERT INTO learner (platform, platform_user_id, chat_id, language, province, consent_at, state)
    SELECT ${options.platform}::"Platform", (${options.firstChat}::bigint + n)::text, (${options.firstChat}::bigint + n)::text,
           'vi', ${options.province ?? null}, now(), ${state}::jsonb
    FROM generate_series(0, ${options.count - 1}) AS n
    ORDER BY n
    RETURNING id`;
  return rows.map((row) => row.id);
}

/** Calls the admin API with the bootstrap key. */
export function api(base: string) {
  return async <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    key = ADMIN_KEY,
  ): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: response.status, body: parsed as T };
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function until<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
