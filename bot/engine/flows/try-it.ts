import type { Card } from '../../content/catalog';
import { pick } from '../messages';
import { parseChoice, parseYesNo } from '../parse-answer';
import type { Turn } from '../turn';
import { isTryDone, isTryHelp } from '../words';

export type TryAnswer = 'done' | 'help';

/** The two choices of a "try it now" question, in this order. */
export function tryLabels(turn: Turn): string[] {
  return [turn.m.tryDone, turn.m.tryHelp];
}

/** "1", "Làm được rồi", "xong", "có" mean done; "2", "Cần giúp", "khó quá", "chưa" mean help. */
export function readTry(turn: Turn, text: string): TryAnswer | undefined {
  const choice = parseChoice(text, tryLabels(turn))?.[0];
  if (choice !== undefined) return choice === 1 ? 'done' : 'help';
  if (isTryHelp(text)) return 'help';
  if (isTryDone(text)) return 'done';
  const yesNo = parseYesNo(text);
  return yesNo === undefined ? undefined : yesNo ? 'done' : 'help';
}

export function sayTryAsk(turn: Turn, card: Card, lead?: string): void {
  const ask = `${turn.m.tryLead} ${pick(card.try!.ask, turn.lang)}`;
  turn.say(lead ? `${lead}\n${ask}` : ask, tryLabels(turn));
}

export function sayTryHelp(turn: Turn, card: Card, onward: string): void {
  turn.say(`${pick(card.try!.help, turn.lang)}\n\n${turn.m.tryAfterHelp(onward)}`, [onward]);
}
