import type { Catalog, Language } from '../content/catalog';
import type { QuietHours } from '../schedule/quiet-hours';
import { type Messages, messagesFor } from './messages';
import type {
  AnswerRecord,
  Choice,
  ConversationState,
  Intent,
  Learner,
  LearnerProfile,
  Reply,
  Step,
  TurnInput,
  TurnOutcome,
} from './types';

/** Where the learner's days begin and end: streaks, reminder hours and quiet hours. */
export interface TutorSettings {
  timeZone: string;
  quietHours: QuietHours;
}

export const DEFAULT_SETTINGS: TutorSettings = {
  timeZone: 'Asia/Ho_Chi_Minh',
  quietHours: { from: 21, to: 7 },
};

/** One turn in the making: the learner as it will be after the turn, and what to say. */
export class Turn {
  readonly replies: Reply[] = [];
  readonly answers: AnswerRecord[] = [];
  readonly profileChanges: Partial<LearnerProfile> = {};
  readonly state: ConversationState;
  readonly effects: Pick<TurnOutcome, 'lessonStarted' | 'lessonCompleted' | 'courseCompleted' | 'erase'> = {};
  readonly intents: Intent[] = [];
  /** The learner studied in this turn (read a card, answered a question or a review): it counts for the streak. */
  studied = false;
  private readonly startKey: string;

  constructor(
    readonly catalog: Catalog,
    readonly learner: Learner,
    readonly input: TurnInput,
    /** Shows the current step's prompt (the engine's step table), with an optional lead. */
    private readonly prompter: (turn: Turn, lead?: string) => void,
    readonly settings: TutorSettings = DEFAULT_SETTINGS,
  ) {
    this.state = structuredClone(learner.state);
    this.startKey = stepKey(this.state.step);
  }

  get profile(): LearnerProfile {
    return { ...this.learner.profile, ...this.profileChanges };
  }

  get lang(): Language {
    return this.profile.language;
  }

  get m(): Messages {
    return messagesFor(this.lang);
  }

  get now(): number {
    return this.input.at.getTime();
  }

  say(text: string, choices?: string[]): void {
    const reply: Reply = { text };
    if (choices && choices.length > 0) {
      reply.choices = choices.map((label, index): Choice => ({ label, reply: String(index + 1) }));
    }
    this.replies.push(reply);
  }

  go(step: Step): void {
    this.state.step = step;
  }

  /** Asks for work outside the engine once the turn has committed (see Intent). */
  intend(intent: Intent): void {
    this.intents.push(intent);
  }

  /** Shows the prompt of the step the learner is on now. */
  prompt(lead?: string): void {
    this.prompter(this, lead);
  }

  update(changes: Partial<LearnerProfile>): void {
    Object.assign(this.profileChanges, changes);
  }

  finish(): TurnOutcome {
    if (stepKey(this.state.step) !== this.startKey) this.state.seq += 1;
    for (const reply of this.replies) if (reply.choices) reply.promptSeq = this.state.seq;
    return {
      replies: this.replies,
      state: this.state,
      profile: this.profileChanges,
      answers: this.answers,
      ...this.effects,
      ...(this.intents.length > 0 ? { intents: this.intents } : {}),
    };
  }
}

/** Two steps with the same key show the same prompt: buttons shown for one still answer the other. */
function stepKey(step: Step): string {
  switch (step.at) {
    case 'card':
      return `card:${step.course}/${step.lesson}/${step.card}`;
    // Not `helped`: a "Làm được rồi" button pressed after the help still moves on.
    case 'try':
      return `try:${step.course}/${step.lesson}/${step.card}`;
    case 'question':
      return `question:${step.course}/${step.lesson}/${step.queue[0]}/${step.retry}`;
    case 'lesson-end':
      return `end:${step.course}/${step.lesson}`;
    case 'review':
      return `review:${step.queue[0]}`;
    case 'certificate-name':
      return `certificate:${step.course}`;
    default:
      return step.at;
  }
}
