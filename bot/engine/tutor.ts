import type { Catalog } from '../content/catalog';
import {
  deleteCommand,
  isOnboarding,
  languageCommand,
  showHelp,
  showProgress,
  startCommand,
  stopCommand,
} from './flows/account';
import { askTutor, isQuestion, showTutorAnswer } from './flows/ask-tutor';
import { campaignChoice, showCampaign } from './flows/campaign';
import { showCertificate } from './flows/certificate';
import { showMenu } from './flows/lookup';
import { reminderCommand } from './flows/reminder-hours';
import { nudgeReads, remind } from './flows/reminders';
import { startReview } from './flows/review';
import { answerStep, promptStep, stepTakesMedia } from './flows/steps';
import { recordStudy } from './flows/streak';
import { parseCommand } from './parse-command';
import { seedFrom } from './shuffle';
import { DEFAULT_SETTINGS, Turn, type TutorSettings } from './turn';
import type { ConversationState, Learner, LearnerProfile, TurnInput, TurnOutcome } from './types';

/** Longer input is never a valid answer; parsing only looks at the start. */
const MAX_INPUT = 500;

export interface Tutor {
  /** Decides one turn. Pure: no I/O, no clock other than `input.at`. `null` = a learner never seen. */
  handle(learner: Learner | null, input: TurnInput): TurnOutcome;
}

/** A learner never seen before: Vietnamese, nothing known, not yet consented. */
export const NEW_PROFILE: Readonly<LearnerProfile> = Object.freeze({
  language: 'vi',
  province: null,
  audience: null,
  consentAt: null,
  optedOutAt: null,
  referralCode: null,
  displayName: null,
  reminderHour: null,
  studyDay: null,
  streak: 0,
});

export function newLearner(): Learner {
  const state: ConversationState = { v: 1, seq: 0, step: { at: 'consent' }, done: {} };
  return { profile: { ...NEW_PROFILE }, state };
}

export function createTutor(catalog: Catalog, settings: TutorSettings = DEFAULT_SETTINGS): Tutor {
  return {
    handle(existing, rawInput) {
      const input = { ...rawInput, text: rawInput.text.slice(0, MAX_INPUT) };
      const learner = existing ?? newLearner();
      const turn = new Turn(
        catalog,
        { profile: learner.profile, state: normalizeState(learner.state) },
        input,
        promptStep,
        settings,
      );
      ensureSeed(turn);
      if (!existing) greet(turn, input);
      else respond(turn, input);
      if (turn.studied) recordStudy(turn);
      ensureSeed(turn);
      return turn.finish();
    },
  };
}

/** Never while a question is on screen: its options were shown in the order of the state they came with. */
function ensureSeed(turn: Turn): void {
  if (turn.state.seed === undefined && turn.state.step.at !== 'question') {
    turn.state.seed = seedFrom(turn.now);
  }
}

function greet(turn: Turn, input: TurnInput): void {
  const command = input.kind === 'text' ? parseCommand(input.text) : undefined;
  if (command?.name === 'start' && command.payload) turn.update({ referralCode: command.payload });
  turn.say(turn.m.greeting(input.displayName?.slice(0, 60) ?? null));
  turn.prompt();
}

function respond(turn: Turn, input: TurnInput): void {
  if (input.kind === 'tutor-answer') return showTutorAnswer(turn);
  if (input.kind === 'campaign') return showCampaign(turn);
  if (input.kind === 'reminder') return remind(turn);
  if (input.kind === 'certificate') return showCertificate(turn);
  const command = input.kind === 'text' ? parseCommand(input.text) : undefined;
  if (command) return runCommand(turn, command.name, command.payload);
  if (input.promptSeq !== undefined && input.promptSeq !== turn.state.seq) {
    return turn.prompt(turn.m.staleButton);
  }
  // Typing past a reminder answers whatever was on screen before it.
  const step = turn.state.step;
  if (step.at === 'nudge' && input.promptSeq === undefined && !nudgeReads(turn, input.text))
    turn.go(step.back);
  leaveCampaign(turn, input);
  if (input.kind === 'media' && !stepTakesMedia(turn)) {
    turn.say(turn.m.mediaReceived);
    if (isOnboarding(turn)) turn.prompt();
    return;
  }
  if (
    input.kind === 'text' &&
    turn.state.step.at !== 'tutor-answer' &&
    isQuestion(turn, input.text, promptLabels(turn))
  )
    return askTutor(turn, input.text);
  answerStep(turn, input.text);
}

/** Text that picks none of a campaign's choices is for the step the campaign interrupted. */
function leaveCampaign(turn: Turn, input: TurnInput): void {
  const step = turn.state.step;
  if (step.at === 'campaign' && (input.kind !== 'text' || campaignChoice(step, input.text) === undefined))
    turn.go(step.back);
}

/** The choices the current prompt shows (rendered on a scratch turn, nothing said). */
function promptLabels(turn: Turn): string[] {
  const scratch = new Turn(
    turn.catalog,
    { profile: turn.profile, state: turn.state },
    turn.input,
    promptStep,
    turn.settings,
  );
  scratch.prompt();
  return scratch.replies.flatMap((reply) => reply.choices?.map((choice) => choice.label) ?? []);
}

function runCommand(turn: Turn, name: string, payload: string | undefined): void {
  switch (name) {
    case 'start':
      return startCommand(turn, payload);
    case 'help':
      return showHelp(turn);
    case 'progress':
      return showProgress(turn);
    case 'stop':
      return stopCommand(turn);
    case 'delete':
      return deleteCommand(turn);
    case 'language':
      return languageCommand(turn);
    case 'menu':
      return isOnboarding(turn) ? turn.prompt() : showMenu(turn);
    case 'review':
      return isOnboarding(turn) ? turn.prompt() : startReview(turn);
    case 'reminder':
      return reminderCommand(turn);
  }
}

/** States written by older versions or hand-edited rows fall back to safe defaults instead of crashing. */
function normalizeState(state: Partial<ConversationState> | undefined): ConversationState {
  if (state?.v !== 1 || !state.step || typeof state.step !== 'object') {
    return { v: 1, seq: Number(state?.seq) || 0, step: { at: 'menu' }, done: state?.done ?? {} };
  }
  return { ...state, v: 1, seq: state.seq ?? 0, done: state.done ?? {} } as ConversationState;
}
