import { fold } from '../engine/normalize';

/** Words that say nothing about the topic, folded as learners type them ("thì", "là", "gì", "sao"). */
const STOP_WORDS = new Set(
  [
    // Vietnamese
    `a ah ak anh ba bac ban bi cac cai chi cho chu co con cua da dang de di do duoc em gi giup ha hay
hoac hoi j k kg khi khong ko la lam len minh mot nao nay neu nhe nhi nhu nhung ntn nua o oi ong
roi sao se the thi thoi toi tren trong tu tui u va vay ve voi vs z`,
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

/**
 * One spelling for words people write several ways, applied to lessons and questions alike (folded,
 * whole words): "wi-fi", "wi fi", "wai phai" are all "wifi".
 */
const SPELLINGS: [RegExp, string][] = [
  [/\b(wi ?-? ?fi|wify|wiffi|wai phai|oai phai|goai phai)\b/g, 'wifi'],
  [/\b(in ?-? ?to ?-? ?net|in ?-? ?ter ?-? ?net|intenet|interner|itnernet)\b/g, 'internet'],
  [/\b(e ?-? ?mail|gmail)\b/g, 'email'],
  [/\b(du lieu di dong|mobile data|[345] ?g)\b/g, '4g du lieu di dong'],
];

/**
 * Query words that mean the phone is (or is not) online: the lessons say Wi-Fi, 4G and Internet
 * ("vào mạng", "mất mạng", "kết nối mạng" — while "mạng xã hội" is something else).
 */
const ONLINE = 'wifi 4g internet';
const SYNONYMS: Record<string, string> = {
  '~vao_mang': ONLINE,
  '~len_mang': ONLINE,
  '~mat_mang': ONLINE,
  '~bat_mang': ONLINE,
  '~noi_mang': ONLINE,
  '~song_mang': ONLINE,
  '~cap_mang': ONLINE,
  '~duoc_mang': ONLINE,
  '~khong_mang': ONLINE,
  '~mang_yeu': ONLINE,
  '~mang_cham': ONLINE,
  '~online': ONLINE,
  wifi: 'internet',
  internet: 'wifi',
  net: 'internet wifi',
};

/**
 * Folded syllables of a text. A hyphenated word counts as one ("wi-fi" → "wifi"), with its parts as
 * extra single terms (`parts`) that do not break the sequence the word pairs are made from.
 */
function syllables(text: string): { words: string[]; parts: string[] } {
  let folded = fold(text);
  for (const [pattern, spelling] of SPELLINGS) folded = folded.replace(pattern, spelling);
  const words: string[] = [];
  const parts: string[] = [];
  for (const word of folded.split(/[\s/,;.&+@]+/)) {
    if (!word) continue;
    const pieces = word.split('-').filter(Boolean).map(stem);
    if (pieces.length === 0) continue;
    words.push(pieces.length > 1 ? pieces.join('') : pieces[0]!);
    if (pieces.length > 1) parts.push(...pieces);
  }
  return { words, parts };
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
  return termsOf(syllables(text));
}

function termsOf({ words, parts }: { words: string[]; parts: string[] }): string[] {
  const terms: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!STOP_WORDS.has(word)) terms.push(word);
    const next = words[i + 1];
    if (next && !(STOP_WORDS.has(word) && STOP_WORDS.has(next))) terms.push(pairTerm(word, next));
  }
  for (const part of parts) if (!STOP_WORDS.has(part)) terms.push(part);
  return terms;
}

/**
 * Query terms: like index terms, after expanding shorthand ("quen mk" → "quen mat khau"), plus the
 * synonyms of words and pairs that say "online" ("vào mạng" → wifi, 4g, internet).
 */
export function queryTerms(query: string): string[] {
  const expanded = syllables(query)
    .words.map((word) => SHORTHAND[word] ?? word)
    .join(' ');
  const terms = termsOf(syllables(expanded));
  const synonyms = terms.flatMap((term) => (SYNONYMS[term] ?? '').split(' ').filter(Boolean));
  return [...new Set([...terms, ...synonyms])];
}
