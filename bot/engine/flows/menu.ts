import type { Course } from '../../content/catalog';
import { pick } from '../messages';
import { parseChoice } from '../parse-answer';
import type { Turn } from '../turn';
import { isContinue } from '../words';
import { resumePaused, startLesson } from './lesson';

/** The lesson a paused step belongs to, when there is one to offer as "continue". */
function pausedLessonTitle(turn: Turn): string | undefined {
  const paused = turn.state.paused;
  if (!paused || !('lesson' in paused)) return undefined;
  const lesson = turn.catalog.lesson(paused.course, paused.lesson);
  return lesson ? pick(lesson.title, turn.lang) : undefined;
}

function menuLabels(turn: Turn): string[] {
  const resume = pausedLessonTitle(turn);
  const courses = turn.catalog.courses.map((course) =>
    turn.m.courseLabel(pick(course.title, turn.lang), doneCount(turn, course), course.lessons.length),
  );
  return resume ? [turn.m.menuResume(resume), ...courses] : courses;
}

export function doneCount(turn: Turn, course: Course): number {
  const done = turn.state.done[course.id] ?? {};
  return course.lessons.filter((lesson) => done[lesson.id]).length;
}

export function showMenu(turn: Turn, lead = turn.m.menuTitle): void {
  const paused = turn.state.step;
  if (paused.at === 'card' || paused.at === 'try' || paused.at === 'question') turn.state.paused = paused;
  turn.go({ at: 'menu' });
  turn.say(lead, menuLabels(turn));
}

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
