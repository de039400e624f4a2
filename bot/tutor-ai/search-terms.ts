import { fold } from '../engine/normalize';

/** Words that say nothing about the topic, folded as learners type them ("thì", "là", "gì", "sao"). */
const STOP_WORDS = new Set(
  [
    // Vietnamese
    `a ah ak anh ba bac ban bi cac cai chi cho chu co con cua da dang de di do duoc em gi giup ha hay
hoac hoi j k kg khi khong ko la lam len minh mot nao nay neu nhe nhi nhu nhung ntn nua o oi ong
roi sao se the thi thoi toi tu tui u va vay ve voi vs z`,
    // English
    `about an and are at be does for from get got help how i if in is it me my of on or please should
someone that there this to what when where who why with you your`,
  ]
    .join(' ')
    .split(/\s+/),
);

/**
 * Everyday shorthand, expanded at query time only. Whole folded tokens on the left, the words the
 * lessons use on the right.
 */
const SHORTHAND: Record<string, string> = {
  mk: 'mat khau',
  pass: 'mat khau password',
  pw: 'mat khau password',
  cccd: 'can cuoc',
  cmnd: 'can cuoc',
  stk: 'so tai khoan',
  ck: 'chuyen khoan',
  dt: 'dien thoai',
  dth: 'dien thoai',
  app: 'ung dung app',
  apps: 'ung dung app',
  nh: 'ngan hang',
  mail: 'email',
  zl: 'zalo',
  fb: 'facebook',
  dvc: 'dich vu cong',
  hack: 'chiem doat taken over',
  hacked: 'chiem doat taken over',
  hacker: 'chiem doat',
};

/** Folded syllables of a text, hyphenated words also kept whole ("wi-fi" → "wi", "fi", "wifi"). */
function syllables(text: string): string[] {
  const out: string[] = [];
  for (const word of fold(text).split(/[\s/,;.&+@]+/)) {
    if (!word) continue;
    const parts = word.split('-').filter(Boolean).map(stem);
    out.push(...parts);
    if (parts.length > 1) out.push(parts.join(''));
  }
  return out;
}

/**
 * English endings off ("asked" → "ask", "passwords" → "password"), so a question meets the lessons
 * whatever the form. No Vietnamese syllable ends in -s, -ed or -ing, so folded Vietnamese is untouched.
 */
function stem(word: string): string {
  if (word.length < 4 || /\d/.test(word)) return word;
  if (word.endsWith('ing') && word.length >= 6) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length >= 5) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * A pair of syllables as one term. It starts with a mark, so that a prefix search for one word
 * ("chuyen") does not also walk every pair that begins with it ("chuyen tien", "chuyen khoan"…).
 */
export function pairTerm(first: string, second: string): string {
  return `~${first}_${second}`;
}

export function isPair(term: string): boolean {
  return term.startsWith('~');
}

/**
 * Index terms: every folded syllable that is not a stop word, plus each pair of neighbouring
 * syllables unless both are stop words ("mat khau" → "~mat_khau"). Vietnamese words are mostly two syllables, and without
 * tones one syllable means many things (mật, mắt, mất, mặt): the pairs restore most of the meaning.
 */
export function indexTerms(text: string): string[] {
  const words = syllables(text);
  const terms: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!STOP_WORDS.has(word)) terms.push(word);
    const next = words[i + 1];
    if (next && !(STOP_WORDS.has(word) && STOP_WORDS.has(next))) terms.push(pairTerm(word, next));
  }
  return terms;
}

/** Query terms: like index terms, after expanding shorthand ("quen mk" → "quen mat khau"). */
export function queryTerms(query: string): string[] {
  const expanded = syllables(query)
    .map((word) => SHORTHAND[word] ?? word)
    .join(' ');
  return [...new Set(indexTerms(expanded))];
}
