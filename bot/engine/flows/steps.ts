import type { Turn } from '../turn';
import type { Step } from '../types';
import { answerConfirmDelete, promptConfirmDelete } from './account';
import { answerTutorAnswer, promptTutorAnswer } from './ask-tutor';
import { answerCampaign, promptCampaign } from './campaign';
import { answerCertificateName, promptCertificateName } from './certificate';
import { answerCard, answerLessonEnd, answerTry, promptCard, promptLessonEnd } from './lesson';
import { showMenu } from './lookup';
import { answerMenu } from './menu';
import {
  answerAudience,
  answerConsent,
  answerLanguage,
  answerProvince,
  promptAudience,
  promptConsent,
  promptLanguage,
  promptProvince,
} from './onboarding';
import { answerQuestion, askQuestion } from './quiz';
import { answerReminderHour, promptReminderHour } from './reminder-hours';
import { answerNudge, promptNudge } from './reminders';
import { answerReview, askReview } from './review';

type StepOf<K extends Step['at']> = Extract<Step, { at: K }>;

interface StepHandlers<K extends Step['at']> {
  /** Shows the step's prompt (after help, a stale button, a language change, the menu…). */
  prompt(turn: Turn): void;
  /** Shows the prompt with a lead of its own in one message (else the lead goes first, alone). */
  promptWith?(turn: Turn, lead: string): void;
  answer(turn: Turn, text: string, step: StepOf<K>): void;
  /** A photo or sticker is passed to `answer` (as empty text) instead of the generic reply. */
  takesMedia?: boolean;
}

/** Every step the learner can be on, with its prompt and its answer: the engine's one step table. */
const STEPS: { [K in Step['at']]: StepHandlers<K> } = {
  consent: { prompt: promptConsent, answer: answerConsent },
  language: { prompt: promptLanguage, answer: (turn, text, step) => answerLanguage(turn, text, step.back) },
  province: { prompt: (turn) => promptProvince(turn), answer: answerProvince },
  audience: { prompt: (turn) => promptAudience(turn), answer: answerAudience },
  menu: { prompt: (turn) => showMenu(turn), answer: answerMenu },
  card: { prompt: (turn) => promptCard(turn), answer: answerCard },
  try: { prompt: (turn) => promptCard(turn), answer: answerTry, takesMedia: true },
  question: { prompt: (turn) => askQuestion(turn), answer: answerQuestion, takesMedia: true },
  'lesson-end': {
    prompt: (turn) => promptLessonEnd(turn, turn.m.lessonEndHint),
    promptWith: promptLessonEnd,
    answer: answerLessonEnd,
  },
  'confirm-delete': { prompt: promptConfirmDelete, answer: answerConfirmDelete },
  'tutor-answer': { prompt: promptTutorAnswer, answer: answerTutorAnswer },
  campaign: { prompt: promptCampaign, answer: answerCampaign },
  'reminder-hour': { prompt: promptReminderHour, answer: answerReminderHour },
  nudge: { prompt: (turn) => promptNudge(turn), answer: answerNudge },
  review: {
    prompt: (turn) => askReview(turn),
    promptWith: askReview,
    answer: answerReview,
    takesMedia: true,
  },
  'certificate-name': {
    prompt: (turn) => promptCertificateName(turn),
    promptWith: promptCertificateName,
    answer: answerCertificateName,
  },
};

function handlers<K extends Step['at']>(step: StepOf<K>): StepHandlers<K> {
  return STEPS[step.at as K];
}

/** What `turn.prompt()` runs: flows ask for the current step's prompt without importing each other. */
export function promptStep(turn: Turn, lead?: string): void {
  const step = handlers(turn.state.step);
  if (lead && step.promptWith) return step.promptWith(turn, lead);
  if (lead) turn.say(lead);
  step.prompt(turn);
}

/** Whether the current step reads a photo or sticker itself. */
export function stepTakesMedia(turn: Turn): boolean {
  return handlers(turn.state.step).takesMedia === true;
}

export function answerStep(turn: Turn, text: string): void {
  const step = turn.state.step;
  handlers(step).answer(turn, text, step);
}
