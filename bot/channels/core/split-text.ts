/**
 * Splits text into chunks of at most `max` UTF-16 code units (never more characters than a platform
 * counts, whether it counts code units or code points). Cuts at the best boundary near the limit:
 * a blank line, a line break, the end of a sentence, a space; only a word longer than `max` is cut.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 2) throw new RangeError('max must be at least 2');
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

interface Tier {
  pattern: RegExp;
  /** Where the chunk ends for a match: before the whitespace, or after the punctuation. */
  end: (match: RegExpExecArray) => number;
  /** A boundary this far back is good enough; an earlier one would leave the chunk too short. */
  minFill: number;
}

const TIERS: Tier[] = [
  { pattern: /\n[ \t]*\n/g, end: (m) => m.index, minFill: 0.5 },
  { pattern: /\n/g, end: (m) => m.index, minFill: 0.5 },
  {
    pattern: /[.!?…]+["'”’»)\]]*(?=\s)/gu,
    end: (m) => m.index + m[0].length,
    minFill: 0.3,
  },
  { pattern: /[;:,](?=\s)/g, end: (m) => m.index + 1, minFill: 0.3 },
  { pattern: /\s/g, end: (m) => m.index, minFill: 0 },
];

function cutPoint(text: string, max: number): number {
  // One character past the limit: whitespace right after it is still a clean boundary.
  const window = text.slice(0, max + 1);
  for (const tier of TIERS) {
    const cut = lastBoundary(window, tier, max);
    if (cut !== undefined && cut >= Math.max(1, Math.floor(max * tier.minFill))) return cut;
  }
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

function lastBoundary(window: string, tier: Tier, max: number): number | undefined {
  let best: number | undefined;
  tier.pattern.lastIndex = 0;
  for (let match = tier.pattern.exec(window); match; match = tier.pattern.exec(window)) {
    const end = tier.end(match);
    if (end > max) break;
    if (end > 0 && !isListNumber(window, match.index)) best = end;
  }
  return best;
}

/** "2. Lựa chọn" at the start of a line is a list item, not the end of a sentence. */
function isListNumber(window: string, at: number): boolean {
  const lineStart = window.lastIndexOf('\n', at - 1) + 1;
  return /^\s*\d{1,3}$/.test(window.slice(lineStart, at));
}
