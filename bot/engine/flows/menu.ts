import type { Course } from '../../content/catalog';
import { pick } from '../messages';
import { parseChoice } from '../parse-answer';
import type { Turn } from '../turn';
import { isContinue } from '../words';
import { resumePaused, startLesson } from './lesson';
import { menuLabels, pausedLessonTitle } from './lookup';

export function answerMenu(turn: Turn, text: string): void {
  const labels = menuLabels(turn);
  const hasResume = pausedLessonTitle(turn) !== undefined;
  const choice = parseChoice(text, labels)?.[0];
  if ((choice === 1 && hasResume) || (choice === undefined && hasResume && isContinue(text))) {
    resumePaused(turn);
    return;
  }
  const course = choice ? turn.catalog.courses[choice - 1 - (hasResume ? 1 : 0)] : undefined;
  if (!course) {
    turn.say(turn.m.menuHint(labels.length), labels);
    return;
  }
  openCourse(turn, course);
}

export function openCourse(turn: Turn, course: Course): void {
  const paused = turn.state.paused;
  if (paused && 'course' in paused && paused.course === course.id) {
    resumePaused(turn);
    return;
  }
  const done = turn.state.done[course.id] ?? {};
  const next = course.lessons.find((lesson) => !done[lesson.id]);
  if (!next) turn.say(turn.m.courseDone(pick(course.title, turn.lang)));
  startLesson(turn, course, next ?? course.lessons[0]!);
}
