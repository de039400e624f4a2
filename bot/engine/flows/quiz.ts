import type { Course, Lesson, Question } from '../../content/catalog';
import { pick } from '../messages';
import { gradeAnswer, schedule } from '../review/cards';
import type { Turn } from '../turn';
import type { Step } from '../types';
import { askCertificateName } from './certificate';
import { doneCount, lessonOf, showMenu } from './lookup';
import { feedback, isRight, pickedOptions, shown } from './question-view';
import { offerReminder } from './reminder-hours';

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

export function answerQuestion(turn: Turn, text: string): void {
  const now = current(turn);
  if (!now) return showMenu(turn);
  const { step, course, lesson, question } = now;
  const view = shown(turn, question);
  const chosen = pickedOptions(turn, text, question, view);
  if (!chosen) return;
  const { order } = view;
  const correct = isRight(question, chosen);
  const latencyMs = Math.max(0, turn.now - step.askedAt);
  turn.studied = true;
  addCard(turn, question.key, correct, latencyMs);
  turn.answers.push({
    courseId: course.id,
    lessonId: lesson.id,
    questionKey: question.key,
    chosen: chosen.join(','),
    correct,
    isRetry: step.retry,
    latencyMs,
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

/** A question answered in a lesson becomes a review card (a lesson taken again keeps its card). */
function addCard(turn: Turn, key: string, correct: boolean, latencyMs: number): void {
  turn.state.cards ??= {};
  const cards = turn.state.cards;
  if (!cards[key]) cards[key] = schedule(undefined, turn.now, gradeAnswer(correct, latencyMs));
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
  const end = { at: 'lesson-end' as const, course: course.id, lesson: lesson.id };
  if (!wasComplete && doneCount(turn, course) === course.lessons.length) {
    turn.effects.courseCompleted = course.id;
    lead += `\n${turn.m.courseComplete(pick(course.title, turn.lang))}`;
    return askCertificateName(turn, course.id, end, lead);
  }
  if (!turn.state.reminderAsked) return offerReminder(turn, end, lead);
  turn.go(end);
  turn.prompt(lead);
}
