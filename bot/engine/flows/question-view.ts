import type { Question } from '../../content/catalog';
import { withoutVerdict } from '../../content/verdict';
import { pick } from '../messages';
import { isOutOfRange, parseChoice, parseYesNo } from '../parse-answer';
import { optionOrder } from '../shuffle';
import type { Turn } from '../turn';

/** A quiz question as the learner sees it and how their answer is read: shared by lessons and reviews. */

/** The options as this learner sees them: `order[i]` is the content position shown at i + 1. */
export function shown(turn: Turn, question: Question): { order: number[]; labels: string[] } {
  const order = optionOrder(question, turn.state.seed);
  return { order, labels: order.map((n) => pick(question.options[n - 1]!.text, turn.lang)) };
}

export function readAnswer(text: string, question: Question, options: string[]): number[] | undefined {
  if (question.kind === 'truefalse') {
    const yesNo = parseYesNo(text);
    if (yesNo !== undefined) return [yesNo ? 1 : 2];
    if (/^s$/i.test(text.trim())) return [2];
  }
  return parseChoice(text, options, question.kind === 'multi');
}

/**
 * The content positions the learner picked (sorted), or undefined after asking again: a photo, a
 * number out of range or text that names no option gets its hint with the options once more.
 */
export function pickedOptions(
  turn: Turn,
  text: string,
  question: Question,
  shownOptions: { order: number[]; labels: string[] },
): number[] | undefined {
  const { order, labels } = shownOptions;
  const picked = turn.input.kind === 'text' ? readAnswer(text, question, labels) : undefined;
  if (picked) return picked.map((n) => order[n - 1]!).sort((a, b) => a - b);
  const hint =
    turn.input.kind === 'media'
      ? turn.m.mediaDuringQuiz
      : isOutOfRange(text, labels.length)
        ? turn.m.answerOutOfRange(labels.length)
        : turn.m.answerHint(labels.length);
  turn.say(hint, labels);
  return undefined;
}

/** Whether the chosen content positions (sorted) are exactly the right options. */
export function isRight(question: Question, chosen: number[]): boolean {
  const right = question.options.flatMap((option, index) => (option.correct ? [index + 1] : []));
  return chosen.length === right.length && chosen.every((n, i) => n === right[i]);
}

/** The verdict once, then the reason; the right answer named by the number the learner saw. */
export function feedback(
  turn: Turn,
  question: Question,
  order: number[],
  chosen: number[],
  correct: boolean,
): string {
  const { m, lang } = turn;
  const explain = (n: number) => withoutVerdict(pick(question.options[n - 1]!.explanation, lang));
  const right = order.filter((n) => question.options[n - 1]!.correct);
  const reasons = right.map(explain).join(' ');
  if (question.kind === 'truefalse') {
    const answer = m.statementIs(pick(question.options[right[0]! - 1]!.text, lang));
    return `${correct ? m.correct : m.wrong} ${answer}\n${m.reason(reasons)}`;
  }
  if (correct) return `${m.correct}\n${m.reason(reasons)}`;
  const mistakes = chosen.filter((n) => !question.options[n - 1]!.correct).map(explain);
  const named = right.map((n) => `${order.indexOf(n) + 1}. ${pick(question.options[n - 1]!.text, lang)}`);
  const lines = [
    [m.wrong, ...mistakes].join(' '),
    `👉 ${sentence(m.rightAnswer(named.join('; ')))}`,
    m.reason(reasons),
  ];
  return lines.join('\n');
}

/** Ends a line with a full stop unless it already ends a sentence ("…App Store." gets no second one). */
function sentence(text: string): string {
  return /[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
