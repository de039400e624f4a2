import type { Province } from '../content/catalog';
import { fold, similarity } from './normalize';

export type ProvinceMatch = { province: Province; formerName?: string } | 'skip';

const SKIP = ['0', 'bo qua', 'skip', 'khong', 'ko', 'khong muon noi', 'khac', 'other', 'none'];
const PREFIX = /^(?:(?:tinh|thanh pho|tp|city|province|o|song o|toi o|minh o|em o|nha o)\s+)+/;

/**
 * Finds a province by list number, name, alias or a former name merged into it in 2025, typed with
 * or without diacritics ("nghe an", "TP HCM", "Nam Định" → Ninh Bình). Undefined when unsure.
 */
export function parseProvince(text: string, provinces: Province[]): ProvinceMatch | undefined {
  const folded = fold(text).replace(/\./g, ' ').replace(/\s+/g, ' ').trim();
  if (SKIP.includes(folded)) return 'skip';
  if (/^\d{1,2}$/.test(folded)) {
    const province = provinces[Number(folded) - 1];
    return province ? { province } : undefined;
  }
  const bare = folded.replace(PREFIX, '');
  if (bare.length < 2) return undefined;
  const names = provinces.flatMap((province) => [
    { province, name: province.name, former: false },
    ...province.aliases.map((alias) => ({ province, name: alias, former: false })),
    ...province.formerly.map((old) => ({ province, name: old, former: true })),
  ]);
  const exact = names.find((entry) => fold(entry.name).replace(PREFIX, '') === bare);
  if (exact) return withFormer(exact);
  const scored = names
    .map((entry) => ({ entry, score: similarity(bare, fold(entry.name).replace(PREFIX, '')) }))
    .sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (!best || best.score < 0.7) return undefined;
  if (second && second.entry.province !== best.entry.province && best.score - second.score < 0.1)
    return undefined;
  return withFormer(best.entry);
}

function withFormer(entry: { province: Province; name: string; former: boolean }): ProvinceMatch {
  return entry.former ? { province: entry.province, formerName: entry.name } : { province: entry.province };
}
