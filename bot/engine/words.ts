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
