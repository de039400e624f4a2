import type { Course, Lesson, Question } from '../../content/catalog';
import { pick } from '../messages';
import { isOutOfRange, parseChoice, parseYesNo } from '../parse-answer';
import type { Turn } from '../turn';
import type { Step } from '../types';
import { lessonOf, promptLessonEnd } from './lesson';
import { doneCount, showMenu } from './menu';

type QuestionStep = Extract<Step, { at: 'question' }>;

export function beginQuiz(turn: Turn, course: Course, lesson: Lesson): void {
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
  askQuestion(turn);
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

function labels(turn: Turn, question: Question): string[] {
  return question.options.map((option) => pick(option.text, turn.lang));
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
  turn.say(lead ? `${lead}\n\n${text}` : text, labels(turn, question));
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
  const options = labels(turn, question);
  const chosen = turn.input.kind === 'text' ? readAnswer(text, question, options) : undefined;
  if (!chosen) {
    const hint =
      turn.input.kind === 'media'
        ? turn.m.mediaDuringQuiz
        : isOutOfRange(text, options.length)
          ? turn.m.answerOutOfRange(options.length)
          : turn.m.answerHint(options.length);
    turn.say(hint, options);
    return;
  }
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
  turn.say(feedback(turn, question, chosen, right, correct));
  const next: QuestionStep = {
    ...step,
    queue: step.queue.slice(1),
    missed: !step.retry && !correct ? [...step.missed, question.id] : step.missed,
    correct: !step.retry && correct ? step.correct + 1 : step.correct,
    askedAt: turn.now,
  };
  advance(turn, next, course, lesson);
}

function feedback(
  turn: Turn,
  question: Question,
  chosen: number[],
  right: number[],
  correct: boolean,
): string {
  const explain = (n: number) => pick(question.options[n - 1]!.explanation, turn.lang);
  if (question.kind === 'truefalse') {
    const answer = pick(question.options[right[0]! - 1]!.text, turn.lang);
    return `${correct ? turn.m.correct : `${turn.m.wrong} ${turn.m.rightAnswer(answer)}.`}\n${explain(right[0]!)}`;
  }
  if (correct) return `${turn.m.correct} ${right.map(explain).join(' ')}`;
  const rightLabels = right.map((n) => `${n}. ${pick(question.options[n - 1]!.text, turn.lang)}`).join('; ');
  const why = chosen.length === 1 ? ` ${explain(chosen[0]!)}` : '';
  const rightWhy = right.length === 1 ? ` ${explain(right[0]!)}` : '';
  return `${turn.m.wrong}${why}\n👉 ${turn.m.rightAnswer(rightLabels)}.${rightWhy}`;
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
  promptLessonEnd(turn, lead);
}
