import { localToday } from '../../stats/local-days';
import { parseChoice } from '../parse-answer';
import type { Turn } from '../turn';
import type { Step } from '../types';
import { isContinue } from '../words';
import { isOnboarding } from './account';
import { resumePaused } from './lesson';
import { returnStep, showMenu } from './lookup';
import { reminderCommand } from './reminder-hours';
import { dueQuestions, REVIEW_SIZE, startReview } from './review';

type NudgeStep = Extract<Step, { at: 'nudge' }>;

/**
 * The reminder tick's input. Says nothing when the learner studied today, stopped reminders or is
 * in the middle of something that must not be interrupted; otherwise a short nudge with "continue"
 * (and "review" when cards are due), which becomes the prompt on screen.
 */
export function remind(turn: Turn): void {
  const { profile } = turn;
  const step = turn.state.step;
  if (profile.optedOutAt || profile.reminderHour === null || !profile.consentAt) return;
  if (profile.studyDay === localToday(turn.input.at, turn.settings.timeZone)) return;
  if (isOnboarding(turn) || step.at === 'confirm-delete' || step.at === 'certificate-name') return;
  const days = turn.input.reminder?.days ?? 1;
  turn.go({ at: 'nudge', back: returnStep(step) });
  promptNudge(turn, days === 1 ? turn.m.nudgeDaily(profile.streak) : turn.m.nudgeQuiet(days));
}

function nudgeActions(turn: Turn): { label: string; run: () => void }[] {
  const step = turn.state.step as NudgeStep;
  const list = [{ label: turn.m.nudgeContinue, run: () => continueFrom(turn, step.back) }];
  const due = Math.min(REVIEW_SIZE, dueQuestions(turn).length);
  if (due > 0) list.push({ label: turn.m.nudgeReview(due), run: () => startReview(turn) });
  list.push({ label: turn.m.nudgeChangeHour, run: () => reminderCommand(turn) });
  return list;
}

export function promptNudge(turn: Turn, lead = turn.m.nudgeHint): void {
  turn.say(
    lead,
    nudgeActions(turn).map((action) => action.label),
  );
}

/** Whether the text picks one of the reminder's choices (anything else answers the step behind it). */
export function nudgeReads(turn: Turn, text: string): boolean {
  const labels = nudgeActions(turn).map((action) => action.label);
  return parseChoice(text, labels) !== undefined || isContinue(text);
}

export function answerNudge(turn: Turn, text: string): void {
  const list = nudgeActions(turn);
  const choice = parseChoice(
    text,
    list.map((action) => action.label),
  )?.[0];
  const action = choice ? list[choice - 1] : isContinue(text) ? list[0] : undefined;
  if (action) return action.run();
  promptNudge(turn);
}

function continueFrom(turn: Turn, back: Step): void {
  turn.go(back);
  if (back.at === 'menu' && turn.state.paused) return resumePaused(turn);
  if (back.at === 'menu') return showMenu(turn);
  if (back.at === 'question') turn.go({ ...back, askedAt: turn.now });
  turn.prompt();
}
