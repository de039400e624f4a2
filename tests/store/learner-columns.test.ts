import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LearnerProfile } from '../../bot/engine/types';
import { PROFILE_COLUMNS, profileFromRow, profileToRow } from '../../bot/store/learner-columns';

/** Column names of a model in schema.prisma: each field's @map, or its own name. */
function columnsOf(model: string): string[] {
  const schema = readFileSync(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8');
  const body = new RegExp(`model ${model} \\{([\\s\\S]*?)\\n\\}`).exec(schema)?.[1] ?? '';
  return body
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[a-z]\w*\s/.test(line))
    .map((line) => /@map\("([^"]+)"\)/.exec(line)?.[1] ?? line.split(/\s+/)[0]!);
}

describe('the learner columns of the hot statements', () => {
  it('all exist in schema.prisma (a new profile field needs its column there and in learner-columns.ts)', () => {
    const columns = columnsOf('Learner');
    expect(columns).toContain('platform_user_id');
    for (const { name } of Object.values(PROFILE_COLUMNS)) expect(columns).toContain(name);
  });

  it('carry a profile to a row and back unchanged', () => {
    const profile: LearnerProfile = {
      language: 'en',
      province: 'can-tho',
      audience: 'elder',
      consentAt: new Date('2026-12-01T10:00:00.123Z'),
      optedOutAt: null,
      referralCode: 'TNV-01',
      displayName: 'Bà Tư',
      reminderHour: 19,
      studyDay: '2026-12-04',
      streak: 3,
    };
    // Rows come back from PostgreSQL's row_to_json: timestamps without a zone.
    const row = Object.fromEntries(
      Object.entries(profileToRow(profile)).map(([k, v]) => [
        k,
        typeof v === 'string' && v.endsWith('Z') ? v.slice(0, -1) : v,
      ]),
    );
    expect(profileFromRow(row)).toEqual(profile);
  });
});
