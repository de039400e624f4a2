import { Prisma } from '../db/generated/client';
import type { LearnerProfile } from '../engine/types';

interface Column {
  /** The column in `learner` (schema.prisma's @map). */
  name: string;
  /** How it travels in the JSON recordsets of the hot statements. */
  type: 'text' | 'int' | 'date' | 'timestamp(3)';
  /** The enum a text is cast to when written. */
  cast?: string;
}

/**
 * Every profile field a turn reads and writes, and its column: the ONE list the hot statements
 * (read a batch, update, insert) are built from. A profile field without a column here does not
 * compile; a column missing from schema.prisma fails tests/store/learner-columns.test.ts.
 */
export const PROFILE_COLUMNS = {
  displayName: { name: 'display_name', type: 'text' },
  language: { name: 'language', type: 'text' },
  province: { name: 'province', type: 'text' },
  audience: { name: 'audience', type: 'text', cast: '"Audience"' },
  referralCode: { name: 'referral_code', type: 'text' },
  consentAt: { name: 'consent_at', type: 'timestamp(3)' },
  optedOutAt: { name: 'opted_out_at', type: 'timestamp(3)' },
  // The learning loop (reminders and streaks): the reminder tick selects on these.
  reminderHour: { name: 'reminder_hour', type: 'int' },
  studyDay: { name: 'study_day', type: 'date' },
  streak: { name: 'streak', type: 'int' },
} as const satisfies Record<keyof LearnerProfile, Column>;

const fields = Object.keys(PROFILE_COLUMNS) as (keyof LearnerProfile)[];
const columns: Column[] = fields.map((field) => PROFILE_COLUMNS[field]);

/** `display_name text, language text, …` for `jsonb_to_recordset(…) AS x(…)`. */
export const profileRecordType = Prisma.raw(columns.map((c) => `${c.name} ${c.type}`).join(', '));
/** `display_name, language, …` */
export const profileColumnList = Prisma.raw(columns.map((c) => c.name).join(', '));
/** `x.display_name, x.audience::"Audience", …` */
export const profileValues = (alias: string) =>
  Prisma.raw(columns.map((c) => `${alias}.${c.name}${c.cast ? `::${c.cast}` : ''}`).join(', '));
/** `display_name = x.display_name, …` for an UPDATE. */
export const profileAssignments = (alias: string) =>
  Prisma.raw(columns.map((c) => `${c.name} = ${alias}.${c.name}${c.cast ? `::${c.cast}` : ''}`).join(', '));

/** A profile as one recordset row (dates as ISO text). */
export function profileToRow(profile: LearnerProfile): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const field of fields) {
    const value = profile[field];
    row[PROFILE_COLUMNS[field].name] = value instanceof Date ? value.toISOString() : value;
  }
  return row;
}

/** A profile from a row read with `row_to_json` (timestamps without zone, stored as UTC). */
export function profileFromRow(row: Record<string, unknown>): LearnerProfile {
  const profile: Record<string, unknown> = {};
  for (const field of fields) {
    const column: Column = PROFILE_COLUMNS[field];
    const value = row[column.name] ?? null;
    profile[field] = column.type === 'timestamp(3)' && value !== null ? new Date(`${value}Z`) : value;
  }
  const parsed = profile as unknown as LearnerProfile;
  return { ...parsed, language: parsed.language === 'en' ? 'en' : 'vi', streak: parsed.streak ?? 0 };
}
