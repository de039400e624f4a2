import { type Card, createEmptyCard, fsrs, type Grade, Rating, State } from 'ts-fsrs';

/**
 * Review cards live in the conversation state, one per question answered in a lesson: the engine
 * is their only writer, so a turn grades and reschedules a review with no extra read or write.
 * Compact form (about 50 bytes a card): [due, stability, difficulty, reps, lapses, state,
 * last review, scheduled days], times in whole minutes since the epoch.
 */
export type CompactCard = number[];

/** Day-based scheduling (no minute steps: the tutor reviews at most once a day), no fuzz (pure). */
const scheduler = fsrs({ enable_fuzz: false, enable_short_term: false });

const MINUTE = 60_000;
const round = (n: number) => Math.round(n * 10_000) / 10_000;

export function toCompact(card: Card): CompactCard {
  return [
    Math.round(card.due.getTime() / MINUTE),
    round(card.stability),
    round(card.difficulty),
    card.reps,
    card.lapses,
    card.state,
    Math.round((card.last_review?.getTime() ?? card.due.getTime()) / MINUTE),
    card.scheduled_days,
  ];
}

export function fromCompact(compact: CompactCard): Card {
  const [due = 0, stability = 0, difficulty = 0, reps = 0, lapses = 0, state = 0, last = due, days = 0] =
    compact;
  return {
    due: new Date(due * MINUTE),
    stability,
    difficulty,
    elapsed_days: 0,
    scheduled_days: days,
    learning_steps: 0,
    reps,
    lapses,
    state: state as State,
    last_review: state === State.New ? undefined : new Date(last * MINUTE),
  };
}

/**
 * The grade of an answer from whether it was right and how long it took: wrong is "again"; right
 * after a long think (over 45 s) is "hard"; right at once (under 8 s) is "easy"; else "good".
 */
export function gradeAnswer(correct: boolean, latencyMs: number | null): Grade {
  if (!correct) return Rating.Again;
  if (latencyMs !== null && latencyMs > 45_000) return Rating.Hard;
  if (latencyMs !== null && latencyMs < 8_000) return Rating.Easy;
  return Rating.Good;
}

/** The card after an answer at `at` (a new card when there was none). */
export function schedule(card: CompactCard | undefined, at: number, grade: Grade): CompactCard {
  const current = card ? fromCompact(card) : createEmptyCard(new Date(at));
  return toCompact(scheduler.next(current, new Date(at), grade).card);
}

/** Keys of the cards due at `at`, most overdue first. */
export function dueKeys(cards: Record<string, CompactCard> | undefined, at: number): string[] {
  const now = at / MINUTE;
  return Object.entries(cards ?? {})
    .filter(([, card]) => (card[0] ?? 0) <= now)
    .sort(([, a], [, b]) => (a[0] ?? 0) - (b[0] ?? 0))
    .map(([key]) => key);
}

/** When the next card falls due (ms), or undefined without cards. */
export function nextDue(cards: Record<string, CompactCard> | undefined): number | undefined {
  const dues = Object.values(cards ?? {}).map((card) => card[0] ?? 0);
  return dues.length > 0 ? Math.min(...dues) * MINUTE : undefined;
}
