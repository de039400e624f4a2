import type { Turn } from '../turn';
import { promptConfirmDelete } from './account';
import { promptCard, promptLessonEnd } from './lesson';
import { showMenu } from './menu';
import { promptAudience, promptConsent, promptLanguage, promptProvince } from './onboarding';
import { askQuestion } from './quiz';

/** Shows the prompt of the step the learner is on (after help, a stale button, a language change…). */
export function promptStep(turn: Turn, lead?: string): void {
  const step = turn.state.step;
  if (lead) turn.say(lead);
  switch (step.at) {
    case 'consent':
      return promptConsent(turn);
    case 'language':
      return promptLanguage(turn);
    case 'province':
      return promptProvince(turn);
    case 'audience':
      return promptAudience(turn);
    case 'menu':
      return showMenu(turn);
    case 'card':
    case 'try':
      return promptCard(turn);
    case 'question':
      return askQuestion(turn);
    case 'lesson-end':
      return promptLessonEnd(turn, turn.m.lessonEndHint);
    case 'confirm-delete':
      return promptConfirmDelete(turn);
  }
}
