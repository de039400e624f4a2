import type { Question } from '../../content/catalog';
import { pick } from '../messages';
import { dueKeys, gradeAnswer, nextDue, schedule } from '../review/cards';
import type { Turn } from '../turn';
import type { Step } from '../types';
import { returnStep, showMenu } from './lookup';
import { feedback, isRight, pickedOptions, shown } from './question-view';

type ReviewStep = Extract<Step, { at: 'review' }>;

/** Questions in one review ("Ôn tập 3 câu"). */
export const REVIEW_SIZE = 3;

export function findQuestion(turn: Turn, key: string): Question | undefined {
  const [course, lesson] = key.split('/');
  return turn.catalog.lesson(course ?? '', lesson ?? '')?.questions.find((q) => q.key === key);
}

/** Keys of the cards due now whose questions still exist in the content. */
export function dueQuestions(turn: Turn): string[] {
  return dueKeys(turn.state.cards, turn.now).filter((key) => findQuestion(turn, key));
}

/** `/ontap`: up to three due questions, or when the next ones fall due. */
export function startReview(turn: Turn): void {
  const due = dueQuestions(turn).slice(0, REVIEW_SIZE);
  const back = returnStep(turn.state.step);
  if (due.length === 0) {
    const next = nextDue(turn.state.cards);
    turn.go(back);
    const day = next === undefined ? undefined : localDate(next, turn.settings.timeZone);
    return turn.prompt(day === undefined ? turn.m.reviewNoCards : turn.m.reviewNothingDue(day));
  }
  turn.go({ at: 'review', queue: due, size: due.length, correct: 0, askedAt: turn.now, back });
  askReview(turn, turn.m.reviewIntro(due.length));
}

export function askReview(turn: Turn, lead?: string): void {
  const step = turn.state.step;
  if (step.at !== 'review') return;
  const question = findQuestion(turn, step.queue[0] ?? '');
  if (!question) return finishReview(turn, { ...step, queue: step.queue.slice(1) });
  const lines = [
    turn.m.reviewHeader(step.size - step.queue.length + 1, step.size),
    question.kind === 'truefalse' ? turn.m.trueFalseLead : '',
    pick(question.prompt, turn.lang),
    question.kind === 'multi' ? turn.m.multiHint : '',
  ];
  const text = lines.filter(Boolean).join('\n');
  turn.say(lead ? `${lead}\n\n${text}` : text, shown(turn, question).labels);
}

/** Graded by the quiz's forgiving parser; the card is rescheduled from the answer and its time. */
export function answerReview(turn: Turn, text: string, step: ReviewStep): void {
  const key = step.queue[0] ?? '';
  const question = findQuestion(turn, key);
  if (!question) return finishReview(turn, { ...step, queue: step.queue.slice(1) });
  const view = shown(turn, question);
  const chosen = pickedOptions(turn, text, question, view);
  if (!chosen) return;
  const { order } = view;
  const correct = isRight(question, chosen);
  turn.state.cards ??= {};
  const cards = turn.state.cards;
  cards[key] = schedule(cards[key], turn.now, gradeAnswer(correct, Math.max(0, turn.now - step.askedAt)));
  turn.studied = true;
  turn.say(feedback(turn, question, order, chosen, correct));
  const next = {
    ...step,
    queue: step.queue.slice(1),
    correct: step.correct + (correct ? 1 : 0),
    askedAt: turn.now,
  };
  if (next.queue.length > 0) {
    turn.go(next);
    return askReview(turn);
  }
  finishReview(turn, next);
}

function finishReview(turn: Turn, step: ReviewStep): void {
  if (step.queue.length > 0) {
    turn.go(step);
    return askReview(turn);
  }
  turn.go(step.back);
  const lead = turn.m.reviewDone(step.correct, step.size);
  if (step.back.at === 'menu') return showMenu(turn, lead);
  turn.prompt(lead);
}

/** "12/12" in the learner's time zone. */
function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('vi-VN', { timeZone, day: '2-digit', month: '2-digit' }).format(ms);
}
