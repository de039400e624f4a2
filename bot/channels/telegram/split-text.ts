/** Telegram's limit for a message text, counted after entity parsing. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** Boundaries to cut at, best first; each returns where the first part ends. */
const BOUNDARIES: { pattern: RegExp; end: (match: RegExpExecArray) => number }[] = [
  { pattern: /\n[ \t]*\n/g, end: (match) => match.index },
  { pattern: /\n/g, end: (match) => match.index },
  { pattern: /[.!?…:;][)\]"'”’»]*(?=\s)/g, end: (match) => match.index + match[0].length },
  { pattern: /\s/g, end: (match) => match.index },
];

/**
 * Splits text into parts of at most `limit` UTF-16 units (stricter than Telegram's count, so always
 * safe), preferring paragraph, line, sentence and then word boundaries over a hard cut.
 */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = cutPoint(rest, limit);
    const head = rest.slice(0, cut).trimEnd();
    if (head) parts.push(head);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

function cutPoint(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  // A boundary in the first half would leave a stub of a message: prefer a weaker boundary later on.
  for (const { pattern, end } of BOUNDARIES) {
    const cut = lastBoundary(window, pattern, end, limit);
    if (cut >= limit / 2) return cut;
  }
  const anySpace = lastBoundary(window, /\s/g, (match) => match.index, limit);
  if (anySpace > 0) return anySpace;
  // No whitespace at all: cut hard, but never between the halves of a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

function lastBoundary(
  window: string,
  pattern: RegExp,
  end: (match: RegExpExecArray) => number,
  limit: number,
): number {
  let best = -1;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(window); match; match = pattern.exec(window)) {
    const cut = end(match);
    if (cut > 0 && cut <= limit) best = cut;
  }
  return best;
}
