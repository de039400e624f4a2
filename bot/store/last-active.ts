/**
 * How far behind a learner's `last_active_at` may be: a turn the learner caused moves it only once
 * it is this old, so most turns' updates leave every indexed column alone (HOT). The statistics of
 * active learners rely on it (bot/stats/recently-active.ts).
 */
export const LAST_ACTIVE_STEP = "interval '1 hour'";
