import { fold, similarity } from './normalize';

/** Phrases people put before an answer: "đáp án B", "chọn số 2", "câu a". */
const LEAD_IN =
  /^(?:(?:toi |minh |em |con |chau )?(?:chon|dap an|phuong an|lua chon|cau|so|option|answer|la)\s+)+/;
/** Polite endings people add to any reply: "1 ạ", "b nhé", "chọn 2 nha bạn". */
const POLITE_TAIL = /(?:\s+(?:nhe|nha|nhe ban|nha ban|ban oi|nhe em|ak|ah|please|pls))+$/;
/** "ạ" folds to "a", which is also the letter A: it is only dropped while its dot is still there. */
const withoutPoliteA = (text: string) => text.normalize('NFC').replace(/(?:\s+ạ)+\s*[.!]*\s*$/iu, '');
const NUMBER_WORDS: Record<string, number> = {
  mot: 1,
  hai: 2,
  ba: 3,
  bon: 4,
  tu: 4,
  nam: 5,
  sau: 6,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
};

const NO = [
  'khong dung',
  'chua dung',
  'sai roi',
  'khong phai',
  'khong co',
  'khong',
  'khg',
  'kg',
  'ko',
  'k',
  'hong',
  'hem',
  'sai',
  'chua',
  'no',
  'nope',
  'false',
  'f',
  'incorrect',
  'wrong',
  'khong dong y',
  'tu choi',
];
const YES = [
  'dung roi',
  'dung',
  'd',
  'co',
  'c',
  'yes',
  'y',
  'true',
  't',
  'correct',
  'right',
  'phai',
  'u',
  'uh',
  'um',
  'uhm',
  'vang',
  'da',
  'ok',
  'oke',
  'okay',
  'chuan',
  'dong y',
  'agree',
  'chinh xac',
  'duoc',
  'dc',
  'roi',
  'co a',
  'vang a',
  'da vang',
  'da co',
  'dung a',
  'dong y a',
];

/** Reads yes/no however it is typed ("có", "co", "đúng", "dung", "ko", "sai rồi"…); undefined when neither. */
export function parseYesNo(text: string): boolean | undefined {
  const folded = fold(withoutPoliteA(text)).replace(POLITE_TAIL, '');
  if (NO.includes(folded)) return false;
  if (YES.includes(folded)) return true;
  return undefined;
}

/**
 * Reads a choice among `labels` (already localized): "2", "b", "B.", "đáp án 2", "hai", the option's
 * text with or without diacritics, or enough of it to tell it apart. Returns 1-based positions
 * (several for multi-select: "1, 3", "1 và 3"), or undefined when the input names no option.
 */
export function parseChoice(text: string, labels: string[], multi = false): number[] | undefined {
  const folded = fold(withoutPoliteA(text));
  if (!folded) return undefined;
  const single = parseOne(folded, labels);
  if (single !== undefined) return [single];
  if (!multi) return undefined;
  const parts = folded.split(/\s*(?:,|;|\/|&|\+|\bva\b|\band\b)\s*|\s+/).filter(Boolean);
  const picks = parts.map((part) => parseOne(part, labels));
  if (picks.length < 2 || picks.some((pick) => pick === undefined)) return undefined;
  return [...new Set(picks as number[])].sort((a, b) => a - b);
}

function parseOne(folded: string, labels: string[]): number | undefined {
  const count = labels.length;
  const bare = folded.replace(POLITE_TAIL, '').replace(LEAD_IN, '').trim();
  const byPosition = positionOf(bare, count);
  if (byPosition !== undefined) return byPosition;
  const options = labels.map(fold);
  const exact = options.indexOf(bare);
  if (exact >= 0) return exact + 1;
  if (bare.length >= 3) {
    const containing = options.flatMap((option, index) =>
      ` ${option} `.includes(` ${bare} `) ? [index + 1] : [],
    );
    if (containing.length === 1) return containing[0];
  }
  return closest(bare, options);
}

function positionOf(bare: string, count: number): number | undefined {
  let position: number | undefined;
  if (/^\d{1,2}$/.test(bare)) position = Number(bare);
  else if (/^[a-z]$/.test(bare) && count <= 6) position = bare.charCodeAt(0) - 96;
  else position = NUMBER_WORDS[bare];
  return position !== undefined && position >= 1 && position <= count ? position : undefined;
}

/** A typed option with a typo or two still counts, when one option is clearly the nearest. */
function closest(bare: string, options: string[]): number | undefined {
  if (bare.length < 4) return undefined;
  const scores = options.map((option) => similarity(bare, option));
  const best = Math.max(...scores);
  const winners = scores.filter((score) => score === best).length;
  const runnerUp = Math.max(...scores.filter((score) => score !== best), 0);
  return best >= 0.75 && winners === 1 && best - runnerUp >= 0.15 ? scores.indexOf(best) + 1 : undefined;
}

/** True when the text is a number (or letter) outside 1..count: worth a specific hint. */
export function isOutOfRange(text: string, count: number): boolean {
  const bare = fold(withoutPoliteA(text)).replace(POLITE_TAIL, '').replace(LEAD_IN, '').trim();
  if (/^\d{1,3}$/.test(bare)) return Number(bare) < 1 || Number(bare) > count;
  return /^[a-z]$/.test(bare) && bare.charCodeAt(0) - 96 > count;
}
