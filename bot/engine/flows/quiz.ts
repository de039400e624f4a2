import type { Course, Lesson, Question } from '../../content/catalog';
import { withoutVerdict } from '../../content/verdict';
import { pick } from '../messages';
import { isOutOfRange, parseChoice, parseYesNo } from '../parse-answer';
import { optionOrder } from '../shuffle';
import type { Turn } from '../turn';
import type { Step } from '../types';
import { doneCount, lessonOf, showMenu } from './lookup';

type QuestionStep = Extract<Step, { at: 'question' }>;

export function beginQuiz(turn: Turn, course: Course, lesson: Lesson, lead?: string): void {
  const queue = lesson.questions.map((question) => question.id);
  turn.go({
    at: 'question',
    course: course.id,
    lesson: lesson.id,
    queue,
    size: queue.length,
    missed: [],
    retry: false,
    correct: 0,
    askedAt: turn.now,
  });
  askQuestion(turn, lead);
}

function current(
  turn: Turn,
): { step: QuestionStep; course: Course; lesson: Lesson; question: Question } | undefined {
  const step = turn.state.step;
  if (step.at !== 'question') return undefined;
  const found = lessonOf(turn, step);
  const question = found?.lesson.questions.find((candidate) => candidate.id === step.queue[0]);
  return found && question ? { step, ...found, question } : undefined;
}

/** The options as this learner sees them: `order[i]` is the content position shown at i + 1. */
function shown(turn: Turn, question: Question): { order: number[]; labels: string[] } {
  const order = optionOrder(question, turn.state.seed);
  return { order, labels: order.map((n) => pick(question.options[n - 1]!.text, turn.lang)) };
}

export function askQuestion(turn: Turn, lead?: string): void {
  const now = current(turn);
  if (!now) return showMenu(turn);
  const { step, question } = now;
  const header = turn.m.questionHeader(step.size - step.queue.length + 1, step.size, step.retry);
  const lines = [
    header,
    question.kind === 'truefalse' ? turn.m.trueFalseLead : '',
    pick(question.prompt, turn.lang),
  ];
  if (question.kind === 'multi') lines.push(turn.m.multiHint);
  const text = lines.filter(Boolean).join('\n');
  turn.say(lead ? `${lead}\n\n${text}` : text, shown(turn, question).labels);
}

function readAnswer(text: string, question: Question, options: string[]): number[] | undefined {
  if (question.kind === 'truefalse') {
    const yesNo = parseYesNo(text);
    if (yesNo !== undefined) return [yesNo ? 1 : 2];
    if (/^s$/i.test(text.trim())) return [2];
  }
  return parseChoice(text, options, question.kind === 'multi');
}

export function answerQuestion(turn: Turn, text: string): void {
  const now = current(turn);
  if (!now) return showMenu(turn);
  const { step, course, lesson, question } = now;
  const { order, labels: options } = shown(turn, question);
  const picked = turn.input.kind === 'text' ? readAnswer(text, question, options) : undefined;
  if (!picked) {
    const hint =
      turn.input.kind === 'media'
        ? turn.m.mediaDuringQuiz
        : isOutOfRange(text, options.length)
          ? turn.m.answerOutOfRange(options.length)
          : turn.m.answerHint(options.length);
    turn.say(hint, options);
    return;
  }
  const chosen = picked.map((n) => order[n - 1]!).sort((a, b) => a - b);
  const right = question.options.flatMap((option, index) => (option.correct ? [index + 1] : []));
  const correct = chosen.length === right.length && chosen.every((n, i) => n === right[i]);
  turn.answers.push({
    courseId: course.id,
    lessonId: lesson.id,
    questionKey: question.key,
    chosen: chosen.join(','),
    correct,
    isRetry: step.retry,
    latencyMs: Math.max(0, turn.now - step.askedAt),
  });
  turn.say(feedback(turn, question, order, chosen, correct));
  const next: QuestionStep = {
    ...step,
    queue: step.queue.slice(1),
    missed: !step.retry && !correct ? [...step.missed, question.id] : step.missed,
    correct: !step.retry && correct ? step.correct + 1 : step.correct,
    askedAt: turn.now,
  };
  advance(turn, next, course, lesson);
}

/** The verdict once, then the reason; the right answer named by the number the learner saw. */
function feedback(
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

function advance(turn: Turn, next: QuestionStep, course: Course, lesson: Lesson): void {
  if (next.queue.length > 0) {
    turn.go(next);
    return askQuestion(turn);
  }
  if (!next.retry && next.missed.length > 0) {
    turn.go({ ...next, queue: next.missed, size: next.missed.length, retry: true });
    return askQuestion(turn, turn.m.retryIntro(next.missed.length));
  }
  completeLesson(turn, course, lesson, next.correct);
}

function completeLesson(turn: Turn, course: Course, lesson: Lesson, correct: number): void {
  const total = lesson.questions.length;
  const wasComplete = doneCount(turn, course) === course.lessons.length;
  const scores = turn.state.done[course.id] ?? {};
  turn.state.done[course.id] = scores;
  const previous = scores[lesson.id];
  scores[lesson.id] = { c: Math.max(previous?.c ?? 0, correct), n: total };
  turn.effects.lessonCompleted = { course: course.id, lesson: lesson.id, correct, total };
  let lead = turn.m.lessonDone(pick(lesson.title, turn.lang), correct, total);
  if (!wasComplete && doneCount(turn, course) === course.lessons.length) {
    turn.effects.courseCompleted = course.id;
    lead += `\n${turn.m.courseComplete(pick(course.title, turn.lang))}`;
  }
  turn.go({ at: 'lesson-end', course: course.id, lesson: lesson.id });
  turn.prompt(lead);
}
