import type { Turn } from '../turn';
import type { Step } from '../types';
import { answerConfirmDelete, promptConfirmDelete } from './account';
import { answerCard, answerLessonEnd, answerTry, promptCard, promptLessonEnd } from './lesson';
import { answerMenu, showMenu } from './menu';
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

type StepOf<K extends Step['at']> = Extract<Step, { at: K }>;

interface StepHandlers<K extends Step['at']> {
  /** Shows the step's prompt again (after help, a stale button, a language change, the menu…). */
  prompt(turn: Turn): void;
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
  'lesson-end': { prompt: (turn) => promptLessonEnd(turn, turn.m.lessonEndHint), answer: answerLessonEnd },
  'confirm-delete': { prompt: promptConfirmDelete, answer: answerConfirmDelete },
};

function handlers<K extends Step['at']>(step: StepOf<K>): StepHandlers<K> {
  return STEPS[step.at as K];
}

export function promptStep(turn: Turn, lead?: string): void {
  if (lead) turn.say(lead);
  handlers(turn.state.step).prompt(turn);
}

/** Whether the current step reads a photo or sticker itself. */
export function stepTakesMedia(turn: Turn): boolean {
  return handlers(turn.state.step).takesMedia === true;
}

export function answerStep(turn: Turn, text: string): void {
  const step = turn.state.step;
  handlers(step).answer(turn, text, step);
}
