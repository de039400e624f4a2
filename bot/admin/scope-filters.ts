import type { Catalog } from '../content/catalog';
import { fold } from '../engine/normalize';
import type { StatsFilters, StatsQuery } from '../stats/stats-filters';
import type { Principal } from './principal';

export class ScopeError extends Error {
  constructor(
    readonly statusCode: 400 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** The province code for a name as in provinces.yaml (with or without diacritics) or a code. */
export function provinceCode(catalog: Catalog, value: string): string | undefined {
  const wanted = fold(value);
  return catalog.provinces.find((p) => p.code === value || fold(p.name) === wanted)?.code;
}

/** The filters a caller may use: a limited supervisor sees their provinces and nothing else. */
export function scopeFilters(principal: Principal, query: StatsQuery, catalog: Catalog): StatsFilters {
  const { format: _format, province, ...rest } = query;
  const filters: StatsFilters = { ...rest };
  if (province !== undefined) {
    const code = provinceCode(catalog, province);
    if (!code) throw new ScopeError(400, `Unknown province: use a name from content/provinces.yaml`);
    filters.provinces = [code];
  }
  if (principal.role === 'supervisor' && principal.provinces.length > 0) {
    if (filters.provinces && !filters.provinces.every((code) => principal.provinces.includes(code)))
      throw new ScopeError(403, 'This key is limited to other provinces.');
    filters.provinces ??= principal.provinces;
  }
  return filters;
}
