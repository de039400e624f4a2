import type { Course, Lesson } from '../../content/catalog';
import { pick } from '../messages';
import { parseChoice } from '../parse-answer';
import type { Turn } from '../turn';
import { isContinue } from '../words';
import { lessonOf, showMenu } from './lookup';
import { beginQuiz } from './quiz';
import { readTry, sayTryAsk, sayTryHelp } from './try-it';

export function startLesson(turn: Turn, course: Course, lesson: Lesson): void {
  turn.state.paused = undefined;
  turn.state.lastCourse = course.id;
  turn.effects.lessonStarted = { course: course.id, lesson: lesson.id };
  turn.go({ at: 'card', course: course.id, lesson: lesson.id, card: 0 });
  promptCard(turn);
}

export function resumePaused(turn: Turn): void {
  const paused = turn.state.paused;
  turn.state.paused = undefined;
  if (!paused) return showMenu(turn);
  turn.go(paused.at === 'question' ? { ...paused, askedAt: turn.now } : paused);
  turn.prompt();
}

/** The label that moves past a card: the next card, or the questions after the last one. */
function onwardLabel(turn: Turn, lesson: Lesson, card: number): string {
  return card === lesson.cards.length - 1 ? turn.m.startQuiz : turn.m.next;
}

/** Shows the card; a card with a "try it now" block then asks it, on the `try` step. */
export function promptCard(turn: Turn, lead?: string): void {
  const step = turn.state.step;
  if (step.at !== 'card' && step.at !== 'try') return;
  const found = lessonOf(turn, step);
  if (!found || step.card >= found.lesson.cards.length) return showMenu(turn);
  const { course, lesson } = found;
  const card = lesson.cards[step.card]!;
  const header = turn.m.cardHeader(
    course.lessons.indexOf(lesson) + 1,
    course.lessons.length,
    pick(lesson.title, turn.lang),
    step.card + 1,
    lesson.cards.length,
  );
  const body = `${header}\n\n${pick(card, turn.lang)}`;
  const text = lead ? `${lead}\n\n${body}` : body;
  if (!card.try) {
    turn.go({ at: 'card', course: course.id, lesson: lesson.id, card: step.card });
    turn.say(text, [onwardLabel(turn, lesson, step.card)]);
    return;
  }
  turn.say(text);
  turn.go({ at: 'try', course: course.id, lesson: lesson.id, card: step.card, helped: false });
  sayTryAsk(turn, card);
}

/** After a card (and its "try it now", if any): the next card, or the questions. */
function pastCard(turn: Turn, course: Course, lesson: Lesson, card: number, lead?: string): void {
  turn.studied = true;
  if (card + 1 < lesson.cards.length) {
    turn.go({ at: 'card', course: course.id, lesson: lesson.id, card: card + 1 });
    promptCard(turn, lead);
  } else {
    beginQuiz(turn, course, lesson, lead);
  }
}

export function answerCard(turn: Turn, text: string): void {
  const step = turn.state.step;
  if (step.at !== 'card') return;
  const found = lessonOf(turn, step);
  if (!found) return showMenu(turn);
  const label = onwardLabel(turn, found.lesson, step.card);
  if (!(parseChoice(text, [label])?.[0] === 1 || isContinue(text))) {
    turn.say(turn.m.cardHint, [label]);
    return;
  }
  pastCard(turn, found.course, found.lesson, step.card);
}

/** "Try it now" is never scored: any path leads on, and nothing is recorded as an answer. */
export function answerTry(turn: Turn, text: string): void {
  const step = turn.state.step;
  if (step.at !== 'try') return;
  const found = lessonOf(turn, step);
  if (!found) return showMenu(turn);
  const { course, lesson } = found;
  const card = lesson.cards[step.card];
  if (!card?.try) return pastCard(turn, course, lesson, step.card);
  const onward = onwardLabel(turn, lesson, step.card);
  const media = turn.input.kind === 'media';
  if (step.helped) {
    if (
      !media &&
      (parseChoice(text, [onward])?.[0] === 1 || isContinue(text) || readTry(turn, text) === 'done')
    ) {
      return pastCard(turn, course, lesson, step.card);
    }
    const stuck = !media && readTry(turn, text) === 'help';
    turn.say(stuck ? turn.m.tryStillStuck(onward) : turn.m.tryAfterHelp(onward), [onward]);
    return;
  }
  const answer = media ? undefined : readTry(turn, text);
  if (answer === 'done') return pastCard(turn, course, lesson, step.card, turn.m.tryPraise);
  if (answer === 'help') {
    turn.go({ ...step, helped: true });
    return sayTryHelp(turn, card, onward);
  }
  sayTryAsk(turn, card, media ? `${turn.m.tryMedia} ${turn.m.tryHint}` : turn.m.tryHint);
}

function lessonEndLabels(turn: Turn, course: Course, lesson: Lesson): string[] {
  const next = course.lessons[course.lessons.indexOf(lesson) + 1];
  return next ? [turn.m.nextLesson(pick(next.title, turn.lang)), turn.m.backToMenu] : [turn.m.backToMenu];
}

export function promptLessonEnd(turn: Turn, lead: string): void {
  const step = turn.state.step;
  if (step.at !== 'lesson-end') return;
  const found = lessonOf(turn, step);
  if (!found) return showMenu(turn);
  turn.say(lead, lessonEndLabels(turn, found.course, found.lesson));
}

export function answerLessonEnd(turn: Turn, text: string): void {
  const step = turn.state.step;
  if (step.at !== 'lesson-end') return;
  const found = lessonOf(turn, step);
  if (!found) return showMenu(turn);
  const labels = lessonEndLabels(turn, found.course, found.lesson);
  const choice = parseChoice(text, labels)?.[0] ?? (isContinue(text) ? 1 : undefined);
  if (choice === undefined) {
    turn.say(turn.m.lessonEndHint, labels);
    return;
  }
  const next = found.course.lessons[found.course.lessons.indexOf(found.lesson) + 1];
  if (choice === 1 && next) startLesson(turn, found.course, next);
  else showMenu(turn);
}
