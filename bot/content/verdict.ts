/** Words that judge an answer. The engine says the verdict; an explanation must not repeat one. */
export const VERDICT_WORDS = [
  'Đúng rồi',
  'Đúng',
  'Chính xác',
  'Chưa đúng',
  'Không đúng',
  'Sai',
  'Rất tốt',
  'Correct',
  'Right',
  'Not quite',
  'Wrong',
  'Incorrect',
  'True',
  'False',
  'Yes',
  'No',
] as const;

const alternatives = [...VERDICT_WORDS]
  .sort((a, b) => b.length - a.length)
  .map((word) => word.replace(/\s+/g, '\\s+'))
  .join('|');
/** A verdict as a whole word at the start: "Sai.", "Đúng rồi:", "No one…" (rule 1 is strict on purpose). */
const STARTS_WITH_VERDICT = new RegExp(`^\\s*(${alternatives})(?![\\p{L}\\p{N}])`, 'iu');
/** A verdict followed by punctuation: only this is safe to cut without breaking the sentence. */
const VERDICT_LEAD = new RegExp(`^\\s*(?:${alternatives})\\s*[:.,;!—–-]+\\s*`, 'iu');

/** The verdict an explanation starts with, if any (for `content:check`). */
export function leadingVerdict(text: string): string | undefined {
  return STARTS_WITH_VERDICT.exec(text.normalize('NFC'))?.[1];
}

/**
 * Drops a verdict such as "Đúng rồi:" from the start of an explanation written before rule 1, so the
 * learner never reads "Chưa đúng" and "Đúng rồi" in one reply.
 */
export function withoutVerdict(text: string): string {
  const normalized = text.normalize('NFC');
  const rest = normalized.replace(VERDICT_LEAD, '');
  if (!rest || rest === normalized) return normalized.trim();
  return (rest[0]!.toLocaleUpperCase('vi') + rest.slice(1)).trim();
}
