import { Prisma } from '../db/generated/client';
import type { SqlRunner } from '../db/sql-runner';
import type { Platform } from '../engine/types';
import { addDays, localToday } from '../stats/local-days';
import { isQuietHour, localHour, type QuietHours } from './quiet-hours';

/**
 * Days since the last study day that bring a reminder: 1 is the daily one; 2, 7 and 30 are the
 * re-engagement sequence of a quiet learner, which then ends by itself.
 */
export const REMINDER_GAPS = [1, 2, 7, 30];

export interface ReminderTickDeps {
  sql: SqlRunner;
  timeZone: string;
  quietHours: QuietHours;
  /** The tick's clock (tests move it). */
  now: Date;
  /** Zalo learners silent longer than this many hours get nothing (0: no window). */
  zaloWindowHours: number;
  /** Learners written to the inbox: hand them to the dispatcher. */
  onDue(learners: { platform: Platform; platformUserId: string }[]): void;
  batchSize?: number;
}

export interface TickResult {
  /** Hours of today that were done by this tick. */
  hours: number[];
  /** Reminders written to the inbox. */
  written: number;
}

/**
 * One tick: every hour of today up to now that no tick has finished yet (a worker down at 8:00 does
 * 8:00 when it comes back, the same day) and that is not quiet. Learners due at an hour are read by
 * index in batches and written to the inbox as internal inputs with the natural key
 * `reminder:<learner>:<local day>`: two workers at once, a crash or a restart never send twice.
 * An hour is marked done only when all of it was written, so a tick killed half-way is finished
 * by the next one.
 */
export async function runReminderTick(deps: ReminderTickDeps): Promise<TickResult> {
  const today = localToday(deps.now, deps.timeZone);
  const current = localHour(deps.now, deps.timeZone);
  if (isQuietHour(current, deps.quietHours)) return { hours: [], written: 0 };
  const done = await deps.sql<{ hour: number }>(
    Prisma.sql`SELECT hour::int AS hour FROM reminder_tick WHERE day = ${today}::date`,
  );
  const finished = new Set(done.map((row) => row.hour));
  const result: TickResult = { hours: [], written: 0 };
  for (let hour = 0; hour <= current; hour++) {
    if (finished.has(hour) || isQuietHour(hour, deps.quietHours)) continue;
    let written = 0;
    for (const gap of REMINDER_GAPS) written += await writeHour(deps, today, hour, gap);
    await deps.sql(Prisma.sql`
      INSERT INTO reminder_tick (day, hour, sent) VALUES (${today}::date, ${hour}, ${written})
      ON CONFLICT (day, hour) DO NOTHING`);
    result.hours.push(hour);
    result.written += written;
  }
  return result;
}

/** Writes the reminders of one hour for learners whose last study day was `gap` days ago. */
async function writeHour(deps: ReminderTickDeps, today: string, hour: number, gap: number): Promise<number> {
  const limit = deps.batchSize ?? 5000;
  const studyDay = addDays(today, -gap);
  const at = deps.now.toISOString();
  const windowStart = new Date(deps.now.getTime() - deps.zaloWindowHours * 3_600_000);
  const until = sendBy(deps).toISOString();
  const input = JSON.stringify({ kind: 'reminder', text: '', reminder: { days: gap, until }, at });
  let cursor = 0;
  let written = 0;
  for (;;) {
    const [row] = await deps.sql<{ last: number | null; selected: number; learners: DueLearner[] }>(
      Prisma.sql`
      WITH due AS (
        SELECT id, platform, platform_user_id, COALESCE(chat_id, platform_user_id) AS chat_id
        FROM learner
        WHERE reminder_hour = ${hour} AND study_day = ${studyDay}::date AND id > ${cursor}
          AND opted_out_at IS NULL AND unreachable_at IS NULL AND consent_at IS NOT NULL
          AND (${deps.zaloWindowHours} = 0 OR platform <> 'zalo' OR last_active_at > ${windowStart})
        ORDER BY id
        LIMIT ${limit}
      ), ins AS (
        INSERT INTO inbound_message (platform, external_id, platform_user_id, payload)
        SELECT platform, 'reminder:' || id || ':' || ${today}, platform_user_id,
               jsonb_build_object('platform', platform, 'platformUserId', platform_user_id,
                 'externalId', 'reminder:' || id || ':' || ${today}, 'chatId', chat_id,
                 'order', ${deps.now.getTime()}::bigint, 'priority', 1, 'input', ${input}::jsonb)
        FROM due
        ON CONFLICT (platform, external_id) DO NOTHING
        RETURNING platform, platform_user_id
      )
      SELECT (SELECT max(id) FROM due) AS last, (SELECT count(*) FROM due)::int AS selected,
             (SELECT COALESCE(json_agg(json_build_object('platform', platform, 'platformUserId', platform_user_id)),
                              '[]'::json) FROM ins) AS learners`,
    );
    if (!row || row.selected === 0) return written;
    if (row.learners.length > 0) deps.onDue(row.learners);
    written += row.learners.length;
    if (row.selected < limit || row.last === null) return written;
    cursor = row.last;
  }
}

/** How late a reminder may still go out (a long send queue at a platform's bulk rate). */
const MAX_DELAY_MS = 3 * 3_600_000;

/** The reminder must go before quiet hours begin and within MAX_DELAY_MS, else not at all. */
export function sendBy(deps: Pick<ReminderTickDeps, 'now' | 'timeZone' | 'quietHours'>): Date {
  const hourStart = Math.floor(deps.now.getTime() / 3_600_000) * 3_600_000;
  for (let k = 1; k <= 3; k++) {
    const next = new Date(hourStart + k * 3_600_000);
    if (isQuietHour(localHour(next, deps.timeZone), deps.quietHours)) return next;
  }
  return new Date(deps.now.getTime() + MAX_DELAY_MS);
}

interface DueLearner {
  platform: Platform;
  platformUserId: string;
}
