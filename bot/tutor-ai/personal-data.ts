export type PersonalDataKind =
  | 'otp'
  | 'password'
  | 'id-number'
  | 'card-number'
  | 'account-number'
  | 'phone'
  | 'email';

export interface MaskedText {
  /** The text with every piece of personal data replaced by a marker such as [OTP]. */
  text: string;
  /** What was found, each kind once, in order of first appearance. */
  found: PersonalDataKind[];
}

const MARKERS: Record<PersonalDataKind, string> = {
  otp: '[OTP]',
  password: '[PASSWORD]',
  'id-number': '[ID NUMBER]',
  'card-number': '[CARD NUMBER]',
  'account-number': '[ACCOUNT NUMBER]',
  phone: '[PHONE]',
  email: '[EMAIL]',
};

// Patterns run on a folded copy of the same length (no tones, lower case), so "mật khẩu" and
// "mat khau" match alike and positions still point into the original text.
const OTP_WORDS = /\b(otp|ma xac (nhan|thuc|minh)|verification code|security code|code)\b/;
/** "mã" alone: a code of some kind, an OTP unless a password or PIN is named. */
const CODE_WORD = /\bma\b/;
const ACCOUNT_WORDS = /\b(stk|so tai khoan|tai khoan|tk|account)\b/;
const CARD_WORDS = /\b(the|card)\b/;
const ID_WORDS = /\b(can cuoc|cccd|cmnd|chung minh|dinh danh|id)\b/;
/** How far before a number its label ("stk", "số căn cước") is looked for. */
const LABEL_REACH = 24;
const PASSWORD_WORDS = /\b(mat khau|mat ma|mk|password|passwd|pass|passcode|pin)\b/;
/** Letters with digits or symbols, as passwords are ("Abc@1234", "hoa1990"). */
const PASSWORD_LIKE =
  /(?<![\p{L}\p{N}@])(?=[^\s]*\p{L})(?=[^\s]*[\d!@#$%^&*_])[\p{L}\p{N}!@#$%^&*_.-]{6,}(?![\p{L}\p{N}])/gu;
const SECRET_LABEL =
  /\b(mat khau|mat ma|mk|password|passwd|pass|passcode|ma pin|pin|ma bao ve|otp|ma otp|ma xac (?:nhan|thuc|minh)|code)\b(\s*(?:cua\s+(?:toi|minh|tui|em|con|anh|chi)\s*)?(?:la|moi|cu|is|was|:|=)?\s*[:=]?\s*)(\S+)/g;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const DIGIT_RUN = /(?<![\p{L}\p{N}])\+?\d(?:[ .-]?\d)*(?![\p{L}\p{N}])/gu;
const MONEY_AFTER = /^\s*(d|dong|vnd|vnđ|k|nghin|ngan|trieu|tr|ty|usd|\$|%)\b/;
const MONEY_BEFORE = /(\$|usd|vnd)\s*$/;
/** Words that follow "mật khẩu là…" in a question rather than being the password itself. */
const NOT_SECRETS = new Set([
  'gi',
  'sao',
  'nao',
  'what',
  'how',
  'the',
  'bao',
  'nhieu',
  'strong',
  'manh',
  'yeu',
]);

interface Span {
  start: number;
  end: number;
  kind: PersonalDataKind;
}

/** Finds OTPs, passwords and PINs, ID, card and account numbers, phone numbers and e-mail addresses, and masks them. */
export function maskPersonalData(input: string): MaskedText {
  const text = input.normalize('NFC');
  const folded = foldSameLength(text);
  const spans: Span[] = [];
  for (const match of text.matchAll(EMAIL)) spans.push(span(match, 'email'));
  for (const match of folded.matchAll(SECRET_LABEL)) {
    const [, label, connector, token] = match as unknown as [string, string, string, string];
    const start = match.index + label.length + connector.length;
    const value = text.slice(start, start + token.length).replace(/[.,;!?]+$/, '');
    if (!looksSecret(value, connector)) continue;
    const isCode = /otp|xac|code/.test(label);
    spans.push({ start, end: start + value.length, kind: isCode ? 'otp' : 'password' });
  }
  const passwordContext = PASSWORD_WORDS.test(folded);
  if (passwordContext) {
    for (const match of text.matchAll(PASSWORD_LIKE))
      if (/\p{L}/u.test(match[0])) spans.push(span(match, 'password'));
  }
  const otpContext = OTP_WORDS.test(folded) || (!passwordContext && CODE_WORD.test(folded));
  const accountContext = ACCOUNT_WORDS.test(folded);
  const cardContext = CARD_WORDS.test(folded);
  for (const match of text.matchAll(DIGIT_RUN)) {
    if (isMoney(folded, match.index, match.index + match[0].length)) continue;
    const before = folded.slice(Math.max(0, match.index - LABEL_REACH), match.index);
    const kind = classifyDigits(
      match[0],
      { otpContext, passwordContext, accountContext, cardContext },
      before,
    );
    if (kind) spans.push(span(match, kind));
  }
  return apply(text, spans);
}

function span(match: RegExpMatchArray, kind: PersonalDataKind): Span {
  return { start: match.index!, end: match.index! + match[0].length, kind };
}

function looksSecret(value: string, connector: string): boolean {
  if (value.length < 3 || value.startsWith('[')) return false;
  if (/\d/.test(value) || /[^\p{L}\p{N}]/u.test(value)) return true;
  const plain = foldSameLength(value);
  // A letters-only word is a password only after "là", ":", "is"… and when it is no Vietnamese syllable.
  return (
    connector.trim() !== '' && plain === value.toLowerCase() && value.length >= 6 && !NOT_SECRETS.has(plain)
  );
}

function isMoney(folded: string, start: number, end: number): boolean {
  return (
    MONEY_AFTER.test(folded.slice(end, end + 8)) ||
    MONEY_BEFORE.test(folded.slice(Math.max(0, start - 4), start))
  );
}

function classifyDigits(
  raw: string,
  context: { otpContext: boolean; passwordContext: boolean; accountContext: boolean; cardContext: boolean },
  before: string,
): PersonalDataKind | undefined {
  const digits = raw.replace(/\D/g, '');
  // The nearest label decides when a message holds several kinds of numbers.
  if (digits.length >= 6) {
    const labels = [
      [ID_WORDS, 'id-number'],
      [ACCOUNT_WORDS, 'account-number'],
      [CARD_WORDS, 'card-number'],
    ] as const;
    const nearest = labels
      .map(([pattern, kind]) => ({ kind, at: lastIndex(before, pattern) }))
      .filter((label) => label.at >= 0)
      .sort((a, b) => b.at - a.at)[0];
    if (nearest && (nearest.kind !== 'card-number' || digits.length >= 13)) return nearest.kind;
  }
  const international = raw.startsWith('+');
  if (/^84[35789]\d{8}$/.test(digits) && (international || raw.startsWith('84'))) return 'phone';
  if (/^0[35789]\d{8}$/.test(digits) || /^02\d{9}$/.test(digits)) return 'phone';
  // Hotlines such as 1900 xxxx and 1800 xxxx are public, not personal.
  if (/^1[89]00\d{4,6}$/.test(digits)) return undefined;
  if (digits.length === 12 || digits.length === 9)
    return context.accountContext ? 'account-number' : 'id-number';
  if (digits.length >= 13 && digits.length <= 19) {
    if (context.accountContext && !context.cardContext) return 'account-number';
    return luhn(digits) ? 'card-number' : 'account-number';
  }
  if (digits.length >= 4 && digits.length <= 8 && !isYear(digits)) {
    if (context.otpContext) return 'otp';
    if (context.passwordContext) return 'password';
  }
  if (digits.length >= 6 && context.accountContext) return 'account-number';
  if (digits.length >= 8) return 'account-number';
  return undefined;
}

function lastIndex(text: string, pattern: RegExp): number {
  let at = -1;
  for (const match of text.matchAll(new RegExp(pattern.source, 'g'))) at = match.index;
  return at;
}

function isYear(digits: string): boolean {
  return digits.length === 4 && Number(digits) >= 1900 && Number(digits) <= 2099;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Replaces the spans, the earliest and longest first when they overlap. */
function apply(text: string, spans: Span[]): MaskedText {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  const found: PersonalDataKind[] = [];
  for (const s of spans) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + MARKERS[s.kind];
    at = s.end;
    if (!found.includes(s.kind)) found.push(s.kind);
  }
  return { text: out + text.slice(at), found };
}

/** Lower case without tones, one character for one character (for NFC text). */
function foldSameLength(text: string): string {
  let out = '';
  for (const ch of text) {
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
    out += base.length === ch.length ? base : ch;
  }
  return out;
}
