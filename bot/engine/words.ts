import { fold } from './normalize';
import { parseYesNo } from './parse-answer';

const CONTINUE = [
  'tiep',
  'tiep tuc',
  'hoc tiep',
  'doc tiep',
  'xem tiep',
  'tiep di',
  'next',
  'continue',
  'go',
  'tiep nhe',
];

/** "tiếp", "học tiếp", "next", and plain agreement ("ok", "vâng", "có") all mean: go on. */
export function isContinue(text: string): boolean {
  return CONTINUE.includes(fold(text)) || parseYesNo(text) === true;
}

const TRY_DONE = [
  'xong',
  'lam duoc',
  'duoc roi',
  'thay roi',
  'da thay',
  'done',
  'did it',
  'found it',
  'i see it',
];
/** Checked first: "chưa xong" is a call for help, not a "xong". */
const TRY_HELP = [
  'giup',
  'help',
  'kho qua',
  'khong biet',
  'khong thay',
  'chua thay',
  'chua duoc',
  'chua xong',
  'khong duoc',
  'bi ket',
  'stuck',
  'cannot',
  'can not',
];

const says = (text: string, phrases: string[]) => {
  const folded = ` ${fold(text)} `;
  return phrases.some((phrase) => folded.includes(` ${phrase} `));
};

/** "Try it now" replies beyond the buttons: "khó quá", "không thấy", "help me", "chưa xong"… */
export function isTryHelp(text: string): boolean {
  return says(text, TRY_HELP);
}

/** … and "xong rồi", "mình thấy rồi", "done". */
export function isTryDone(text: string): boolean {
  return !isTryHelp(text) && says(text, TRY_DONE);
}
