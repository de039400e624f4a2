import { describe, expect, it } from 'vitest';
import { loadContent } from '../../bot/content/load-content';
import { alwaysFirst, alwaysLongest, describeScores, playWithoutReading } from '../support/answer-bias';

/** Issue 16: neither strategy may score more than 10 points above chance over the whole curriculum. */
const MAX_ABOVE_CHANCE = 0.1;
const LEARNERS = 12;

const loaded = await loadContent(new URL('../../content', import.meta.url).pathname);
if (!loaded.ok) throw new Error('content/ is invalid: run npm run content:check');
const { catalog } = loaded;

describe('the real curriculum cannot be passed without reading', () => {
  it.each([
    ['always picks the first option', alwaysFirst],
    ['always picks the longest option', alwaysLongest],
  ] as const)('a learner who %s scores near chance', (_name, strategy) => {
    const result = playWithoutReading(catalog, strategy, LEARNERS);
    const above = result.score - result.chance;
    expect(
      above,
      `${(100 * result.score).toFixed(1)}% vs chance ${(100 * result.chance).toFixed(1)}% ` +
        `(${(100 * above).toFixed(1)} points above)\n${describeScores(result)}`,
    ).toBeLessThanOrEqual(MAX_ABOVE_CHANCE);
  });
});
