import { fold } from '../normalize';
import { parseChoice, parseYesNo } from '../parse-answer';
import type { Turn } from '../turn';
import type { Step } from '../types';
import { isContinue } from '../words';
import { startLesson } from './lesson';
import { showMenu } from './lookup';

type TutorAnswerStep = Extract<Step, { at: 'tutor-answer' }>;

/** Where free text may be a question for the tutor: at the menu and in a lesson (not onboarding). */
const ASKING_STEPS = new Set<Step['at']>(['menu', 'card', 'question', 'lesson-end', 'tutor-answer']);

/** Folded words that make a sentence a question (Vietnamese typed with or without tones, English). */
const QUESTION_WORDS =
  /(^| )(lam sao|lam the nao|the nao|tai sao|vi sao|la gi|o dau|khi nao|bao gio|co nen|thi sao|bao nhieu|co phai|duoc khong|khong a|how|what|why|where|when|which|should|can i|is it|do i)( |$)/;

/**
 * Free text that no choice of the current prompt reads is a question: two words or more, with a
 * "?" or a question word, or (outside a quiz question, where an unclear answer is likelier) three
 * words or more. A bare option number in it ("1 và 3") keeps it an answer.
 */
export function isQuestion(turn: Turn, text: string, promptLabels: string[]): boolean {
  const at = turn.state.step.at;
  if (!ASKING_STEPS.has(at)) return false;
  const folded = fold(text);
  const words = folded.split(/\s+/).filter(Boolean);
  if (words.length < 2 || words.some((word) => /^\d{1,2}[.,)]?$/.test(word))) return false;
  const asks = text.includes('?') || QUESTION_WORDS.test(folded) || (at !== 'question' && words.length >= 3);
  return (
    asks &&
    parseChoice(text, promptLabels) === undefined &&
    !isContinue(text) &&
    parseYesNo(text) === undefined
  );
}

/** The lesson waits; a job finds the answer and brings it back as a turn of its own. */
export function askTutor(turn: Turn, question: string): void {
  turn.intend({ kind: 'ask-tutor', question, language: turn.lang });
  turn.say(turn.m.askSearching);
}

/** The answer arrives (from the job): shown with rating, "open the lesson" and "continue" choices. */
export function showTutorAnswer(turn: Turn): void {
  const step = turn.state.step;
  const back = step.at === 'tutor-answer' ? step.back : step;
  const lesson = turn.input.tutor?.lesson;
  const found = lesson ? turn.catalog.lesson(lesson.courseId, lesson.lessonId) : undefined;
  turn.go({
    at: 'tutor-answer',
    back,
    answerId: turn.input.tutor?.answerId,
    ...(found && lesson ? { course: lesson.courseId, lesson: lesson.lessonId } : {}),
  });
  turn.say(
    turn.input.text,
    actions(turn).map((action) => action.label),
  );
}

export function promptTutorAnswer(turn: Turn): void {
  turn.say(
    turn.m.tutorHint,
    actions(turn).map((action) => action.label),
  );
}

export function answerTutorAnswer(turn: Turn, text: string, step: TutorAnswerStep): void {
  const list = actions(turn);
  const choice = parseChoice(
    text,
    list.map((action) => action.label),
  )?.[0];
  const action = choice ? list[choice - 1] : isContinue(text) ? list.at(-1) : undefined;
  if (action) return action.run();
  if (isQuestion(turn, text, [])) {
    turn.go(step.back);
    return askTutor(turn, text);
  }
  promptTutorAnswer(turn);
}

function actions(turn: Turn): { label: string; run: () => void }[] {
  const step = turn.state.step as TutorAnswerStep;
  const back = (lead?: string) => {
    turn.go(step.back);
    if (step.back.at === 'menu') return showMenu(turn, lead);
    turn.prompt(lead);
  };
  const list: { label: string; run: () => void }[] = [];
  const answerId = step.answerId;
  if (answerId) {
    for (const [label, rating] of [
      [turn.m.tutorHelpful, 'up'],
      [turn.m.tutorNotHelpful, 'down'],
    ] as const)
      list.push({
        label,
        run: () => {
          turn.intend({ kind: 'rate-answer', answerId, rating });
          back(turn.m.tutorThanks);
        },
      });
  }
  const course = step.course ? turn.catalog.course(step.course) : undefined;
  const lesson = course?.lessons.find((candidate) => candidate.id === step.lesson);
  if (course && lesson) {
    const title = turn.lang === 'en' ? lesson.title.en : lesson.title.vi;
    list.push({ label: turn.m.tutorOpenLesson(title), run: () => startLesson(turn, course, lesson) });
  }
  list.push({ label: turn.m.tutorContinue, run: () => back() });
  return list;
}
