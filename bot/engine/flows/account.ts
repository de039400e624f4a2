import { pick } from '../messages';
import { fold } from '../normalize';
import { parseChoice, parseYesNo } from '../parse-answer';
import { dueKeys } from '../review/cards';
import type { Turn } from '../turn';
import { doneCount, showMenu } from './lookup';
import { currentStreak } from './streak';

const ONBOARDING = new Set(['consent', 'language', 'province', 'audience']);

export function isOnboarding(turn: Turn): boolean {
  const step = turn.state.step;
  return ONBOARDING.has(step.at) && !(step.at === 'language' && step.back);
}

export function startCommand(turn: Turn, payload: string | undefined): void {
  if (payload && !turn.profile.referralCode) turn.update({ referralCode: payload });
  if (turn.profile.optedOutAt) {
    turn.update({ optedOutAt: null });
    turn.say(turn.m.resumed);
  }
  if (isOnboarding(turn)) return turn.prompt();
  turn.say(turn.m.welcomeBack(turn.profile.displayName));
  showMenu(turn);
}

export function showHelp(turn: Turn): void {
  turn.say(turn.m.help);
  turn.prompt();
}

export function showProgress(turn: Turn): void {
  const lines = [turn.m.progressTitle];
  let correct = 0;
  let total = 0;
  for (const course of turn.catalog.courses) {
    const done = doneCount(turn, course);
    for (const score of Object.values(turn.state.done[course.id] ?? {})) {
      correct += score.c;
      total += score.n;
    }
    if (done > 0 || turn.state.lastCourse === course.id) {
      lines.push(turn.m.progressCourse(pick(course.title, turn.lang), done, course.lessons.length));
    }
  }
  const loop = [
    turn.m.progressStreak(currentStreak(turn)),
    turn.m.progressReview(dueKeys(turn.state.cards, turn.now).length),
    turn.m.progressReminder(turn.profile.reminderHour),
  ];
  turn.say(
    lines.length === 1
      ? turn.m.progressNothing
      : [...lines, turn.m.progressScore(correct, total), '', ...loop].join('\n'),
  );
  if (!isOnboarding(turn)) turn.prompt();
}

export function stopCommand(turn: Turn): void {
  if (!turn.profile.optedOutAt) turn.update({ optedOutAt: turn.input.at });
  turn.say(turn.m.stopped);
}

export function languageCommand(turn: Turn): void {
  const step = turn.state.step;
  if (step.at === 'language') return turn.prompt();
  turn.go({ at: 'language', back: step.at === 'confirm-delete' ? step.back : step });
  turn.prompt();
}

export function deleteCommand(turn: Turn): void {
  const step = turn.state.step;
  if (step.at === 'consent') {
    turn.effects.erase = true;
    turn.say(turn.m.deleted);
    return;
  }
  if (step.at !== 'confirm-delete') turn.go({ at: 'confirm-delete', back: step });
  promptConfirmDelete(turn);
}

export function promptConfirmDelete(turn: Turn): void {
  turn.say(turn.m.deleteConfirm, [turn.m.deleteYes, turn.m.deleteNo]);
}

/** Only a clear yes erases; anything else keeps the data (the safe default). */
export function answerConfirmDelete(turn: Turn, text: string): void {
  const step = turn.state.step;
  if (step.at !== 'confirm-delete') return;
  const choice = parseChoice(text, [turn.m.deleteYes, turn.m.deleteNo])?.[0];
  const confirmed =
    choice === 1 ||
    ['xoa', 'delete', 'erase'].includes(fold(text)) ||
    (choice === undefined && parseYesNo(text) === true);
  if (confirmed) {
    turn.effects.erase = true;
    turn.say(turn.m.deleted);
    return;
  }
  turn.go(step.back);
  turn.prompt(turn.m.deleteCancelled);
}
