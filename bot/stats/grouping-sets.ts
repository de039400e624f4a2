import type { StatsFilters } from './stats-filters';

export type Dimension = 'province' | 'audience' | 'platform';

/**
 * The grouping sets the rollup tables keep, numbered as in their `grp` column: which of province,
 * audience and platform a row keeps. A query reads the smallest set that keeps every dimension it
 * filters or groups by, so a filter on one platform reads that platform's rows, not every
 * audience's.
 */
export const GROUPING_SETS: readonly (readonly Dimension[])[] = [
  [],
  ['province'],
  ['audience', 'platform'],
  ['province', 'audience', 'platform'],
  ['audience'],
  ['platform'],
];

/**
 * A CASE on the grouping set of the row a GROUPING SETS aggregate over alias `s` is computing:
 * `value(grp)` for each (by default its number, the `grp` column).
 */
export function byGroupingSet(value: (grp: number) => string = String): string {
  // GROUPING() sets a bit for each argument the row's set leaves out.
  const cases = GROUPING_SETS.map((set, grp) => {
    const bits =
      (set.includes('province') ? 0 : 4) +
      (set.includes('audience') ? 0 : 2) +
      (set.includes('platform') ? 0 : 1);
    return `WHEN ${bits} THEN ${value(grp)}`;
  });
  return `CASE GROUPING(s.province, s.audience, s.platform) ${cases.join(' ')} END`;
}

/** `GROUPING SETS (...)` of the dimensions of alias `s`, in `grp` order. */
export function groupingSetsClause(): string {
  return `GROUPING SETS (${GROUPING_SETS.map((set) => `(${set.map((d) => `s.${d}`).join(', ')})`).join(', ')})`;
}

/** The smallest grouping set that keeps every dimension in use. */
export function smallestSet(dimensions: Set<Dimension>): number {
  let best = 3;
  GROUPING_SETS.forEach((set, grp) => {
    if ([...dimensions].every((d) => set.includes(d)) && set.length < GROUPING_SETS[best]!.length) best = grp;
  });
  return best;
}

/** The dimensions the filters use (plus one grouped by). */
export function filteredDimensions(filters: StatsFilters, grouped?: Dimension): Set<Dimension> {
  const dimensions = new Set<Dimension>(grouped ? [grouped] : []);
  if (filters.provinces) dimensions.add('province');
  if (filters.audience) dimensions.add('audience');
  if (filters.platform) dimensions.add('platform');
  return dimensions;
}
