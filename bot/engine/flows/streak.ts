import { addDays, localToday } from '../../stats/local-days';
import type { Turn } from '../turn';

const MILESTONES = new Set([3, 7, 30]);

/** The streak the learner has today: the one that ended yesterday still counts until today ends. */
export function currentStreak(turn: Turn): number {
  const { studyDay, streak } = turn.profile;
  const today = localToday(turn.input.at, turn.settings.timeZone);
  return studyDay === today || studyDay === addDays(today, -1) ? streak : 0;
}

/**
 * A turn in which the learner studied counts their day (in TIMEZONE): a day after the last one
 * grows the streak, a gap starts it again. At 3, 7 and 30 days a kind word, before the prompt.
 */
export function recordStudy(turn: Turn): void {
  const today = localToday(turn.input.at, turn.settings.timeZone);
  const { studyDay, streak } = turn.profile;
  if (studyDay === today) return;
  const next = studyDay === addDays(today, -1) ? streak + 1 : 1;
  turn.update({ studyDay: today, streak: next });
  if (!MILESTONES.has(next)) return;
  const at = turn.replies.findIndex((reply) => reply.choices);
  turn.replies.splice(at < 0 ? turn.replies.length : at, 0, { text: turn.m.streakMilestone(next) });
}
