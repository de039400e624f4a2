import { Prisma } from '../db/generated/client.ts';
import { byGroupingSet, type Dimension, GROUPING_SETS } from './grouping-sets';
import { type AggregateMode, dayStartOf, type Range } from './sql-parts';

/**
 * Active learners are the one measure that does not add up: a learner who answered before and after
 * the start of a range is one learner that day. When a range starts inside a day whose earlier part
 * is counted elsewhere (today's rollup, then the live minutes), a learner counts only if they did
 * not answer earlier that day with the same dimensions of the grouping set: so the rolled-up part
 * plus the rest equals the day counted at once. `activeN` is the learner's id when new to grouping
 * set N (see grouping-sets.ts), NULL otherwise.
 */
const SAME: Record<Dimension, string> = {
  province: `AND coalesce(b.province, '?') = g.province`,
  audience: `AND coalesce(b.audience::text, '?') = g.audience`,
  platform: 'AND b.platform::text = g.platform',
};

/** The columns of a learner-day row `g` (day, province, audience, platform, learner_id). */
export function activeColumns(range: Range, tz: string): Prisma.Sql {
  if (!range.midDay) return Prisma.raw('g.learner_id');
  return Prisma.join(
    GROUPING_SETS.map((set, n) =>
      // Each is a look-up per learner and day: only those the aggregate reads.
      range.activeSets && !range.activeSets.includes(n)
        ? Prisma.raw(`NULL::int AS active${n}`)
        : Prisma.sql`CASE WHEN EXISTS (SELECT 1 FROM answer_event b WHERE b.learner_id = g.learner_id
        AND b.answered_at >= ${dayStartOf(Prisma.raw('g.day'), tz)} AND b.answered_at < ${range.start}
        ${Prisma.raw(set.map((d) => SAME[d]).join(' '))}) THEN NULL ELSE g.learner_id END AS ${Prisma.raw(`active${n}`)}`,
    ),
    ', ',
  );
}

export function activeLearners(mode: AggregateMode): string {
  if (!mode.midDay) return 'count(DISTINCT s.learner_id)::int';
  if (mode.sets === 'full') return `count(DISTINCT s.active${mode.grp})::int`;
  return `(${byGroupingSet((grp) => `count(DISTINCT s.active${grp})`)})::int`;
}
