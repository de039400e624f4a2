import { formatterPerZone } from '../text/zone-formatter';

/**
 * Quiet hours: local hours in which nothing the learner did not ask for is sent (reminders,
 * re-engagement, campaigns). Written "21-7": from 21:00 up to 07:00 the next morning.
 */
export interface QuietHours {
  /** First quiet hour, 0-23. */
  from: number;
  /** First hour that is no longer quiet, 0-23. Equal to `from` means no quiet hours. */
  to: number;
}

const RANGE = /^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$/;

/** Parses "21-7"; returns undefined for anything else. An empty string means no quiet hours. */
export function parseQuietHours(text: string): QuietHours | undefined {
  if (text.trim() === '') return { from: 0, to: 0 };
  const match = RANGE.exec(text);
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (from > 23 || to > 23) return undefined;
  return { from, to };
}

/** Whether a local hour (0-23) falls in the quiet hours; the range may wrap past midnight. */
export function isQuietHour(hour: number, quiet: QuietHours): boolean {
  if (quiet.from === quiet.to) return false;
  return quiet.from < quiet.to
    ? hour >= quiet.from && hour < quiet.to
    : hour >= quiet.from || hour < quiet.to;
}

const hourFormat = formatterPerZone(
  (timeZone) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }),
);

/** The hour (0-23) of an instant in a time zone. */
export function localHour(now: Date, timeZone: string): number {
  return Number(hourFormat(timeZone).format(now));
}
