import type { Language } from '../content/catalog';
import type { AudienceId } from '../content/content-schema';

export type { AudienceId, Language };
export type Platform = 'web' | 'telegram' | 'zalo';

/** A neutral reply: adapters render choices as buttons or numbered lines, and split long text. */
export interface Reply {
  text: string;
  choices?: Choice[];
  /** Identifies the prompt the choices answer, so a button from an older message can be recognised. */
  promptSeq?: number;
  media?: { url: string; caption?: string };
}

/** `reply` is what the learner would type to pick it: always the 1-based position. */
export interface Choice {
  label: string;
  reply: string;
}

/** What the tutor found for a learner's question (an internal input from the answering job). */
export interface TutorAnswerInput {
  /** Stored answer id, for ratings. */
  answerId?: string;
  lesson?: { courseId: string; lessonId: string; title: string };
}

/** A campaign's choice: opens the lesson (or the course's next lesson, or the menu). */
export interface CampaignChoice {
  label: string;
  courseId?: string;
  lessonId?: string;
}

/** A staff broadcast delivered to one learner (an internal input from the campaign runner). */
export interface CampaignInput {
  id: number;
  choices: CampaignChoice[];
  media?: { url: string; caption?: string };
}

/** The reminder tick's nudge: `days` since the learner last studied (1 daily, 2/7/30 re-engagement). */
export interface ReminderInput {
  days: number;
  /** ISO time after which the reminder is dropped unsent (quiet hours begin, or it is hours late). */
  until?: string;
}

/** A certificate the job issued for a course the learner finished (the link and the image). */
export interface CertificateInput {
  courseId: string;
  url: string;
  imageUrl: string;
}

export interface TurnInput {
  /**
   * `media` covers photos, stickers, voice and anything else that is not text; `tutor-answer` is
   * the answer to a question the learner asked (its text), from a job; `reminder` is the reminder
   * tick's nudge; `certificate` a certificate issued by its job; `campaign` a staff broadcast (its
   * text), from the campaign runner.
   */
  kind: 'text' | 'media' | 'tutor-answer' | 'reminder' | 'certificate' | 'campaign';
  tutor?: TutorAnswerInput;
  reminder?: ReminderInput;
  certificate?: CertificateInput;
  campaign?: CampaignInput;
  text: string;
  /** Set when the input came from a button: the promptSeq it was shown with. */
  promptSeq?: number;
  displayName?: string;
  at: Date;
}

export interface LearnerProfile {
  language: Language;
  province: string | null;
  audience: AudienceId | null;
  consentAt: Date | null;
  optedOutAt: Date | null;
  referralCode: string | null;
  displayName: string | null;
  /** Local hour (TIMEZONE) of the daily reminder; null = none. */
  reminderHour: number | null;
  /** The last local day (YYYY-MM-DD) the learner studied, and the study days in a row up to it. */
  studyDay: string | null;
  streak: number;
}

export interface LessonScore {
  /** Questions answered right on the first try, and the lesson's question count. */
  c: number;
  n: number;
}

export interface LessonCursor {
  course: string;
  lesson: string;
}

export type Step =
  | { at: 'consent' }
  /** `back` is the step to return to; without it, onboarding goes on to the province. */
  | { at: 'language'; back?: Step }
  | { at: 'province' }
  | { at: 'audience' }
  | { at: 'menu' }
  | ({ at: 'card'; card: number } & LessonCursor)
  /** The card's "try it now" question; `helped` once the learner has seen its help. */
  | ({ at: 'try'; card: number; helped: boolean } & LessonCursor)
  | ({
      at: 'question';
      /** Question ids still to ask in this round; the first is the one on screen. */
      queue: string[];
      /** How many questions this round has, for "Câu 2/4". */
      size: number;
      missed: string[];
      retry: boolean;
      correct: number;
      askedAt: number;
    } & LessonCursor)
  | ({ at: 'lesson-end' } & LessonCursor)
  | { at: 'confirm-delete'; back: Step }
  /** An answer to a learner's question is on screen: rate it, open its lesson, or go back to `back`. */
  | ({ at: 'tutor-answer'; back: Step; answerId?: string } & Partial<LessonCursor>)
  /** A campaign with choices is on screen: a choice opens its lesson; anything else goes to `back`. */
  | { at: 'campaign'; back: Step; campaign: number; choices: CampaignChoice[] }
  /** Choosing the daily reminder hour (after the first lesson, or /nhacnho). */
  | { at: 'reminder-hour'; back: Step }
  /** A reminder is on screen: continue, review, or anything else goes back to `back`. */
  | { at: 'nudge'; back: Step }
  /** A short spaced review: question keys still to ask (the first is on screen). */
  | {
      at: 'review';
      queue: string[];
      size: number;
      correct: number;
      askedAt: number;
      back: Step;
    }
  /** A course is finished: confirm the name to print on its certificate (or type another). */
  | { at: 'certificate-name'; course: string; back: Step };

/** The engine's whole memory of a learner, stored as JSON on the learner row. */
export interface ConversationState {
  v: 1;
  seq: number;
  step: Step;
  /** A lesson step left for the menu, restored when the learner comes back to that course. */
  paused?: Step;
  /** The course most recently opened, for "continue" from the menu. */
  lastCourse?: string;
  /** The learner picked a language themselves (so onboarding does not ask again). */
  languageChosen?: boolean;
  done: Record<string, Record<string, LessonScore>>;
  /**
   * Orders each question's options for this learner (see engine/shuffle.ts). Set by the engine from
   * the first turn's time; states saved before it existed get one at their next turn outside a question.
   */
  seed?: number;
  /** Review cards (engine/review/cards.ts), by question key: every question answered in a lesson. */
  cards?: Record<string, number[]>;
  /** The daily reminder hour was offered once (after the first lesson). */
  reminderAsked?: boolean;
}

export interface Learner {
  profile: LearnerProfile;
  state: ConversationState;
}

export interface AnswerRecord {
  courseId: string;
  lessonId: string;
  questionKey: string;
  /** Positions in the content file ("1,3"), whatever order the learner saw the options in. */
  chosen: string;
  correct: boolean;
  isRetry: boolean;
  latencyMs: number | null;
}

/**
 * Work a turn asks for beyond its replies, done outside the engine after the turn commits (a queue
 * job): the engine says what, the runner hands it on, a job does it. New kinds plug in here.
 */
export type Intent =
  /** Free text that is a question for the tutor: answer it from the lessons (and AI, when on). */
  | { kind: 'ask-tutor'; question: string; language: Language }
  /** The learner rated an answer of the tutor. */
  | { kind: 'rate-answer'; answerId: string; rating: 'up' | 'down' }
  /** A campaign reached the learner's turn: they picked a choice, or it was not shown (they stopped). */
  | { kind: 'campaign'; campaignId: number; event: 'engaged' | 'stopped' }
  /** A course was finished and the learner confirmed the name: issue its certificate. */
  | { kind: 'issue-certificate'; courseId: string; name: string; language: Language }
  /** The learner was erased (/delete, declined consent): what is kept beside the learner goes too. */
  | { kind: 'erased' };

/** What a turn decided. The store applies it atomically; the adapter sends the replies. */
export interface TurnOutcome {
  replies: Reply[];
  state: ConversationState;
  profile: Partial<LearnerProfile>;
  answers: AnswerRecord[];
  lessonStarted?: LessonCursor;
  lessonCompleted?: LessonCursor & { correct: number; total: number };
  courseCompleted?: string;
  /** Erase the learner and everything stored about them (declined consent or /delete). */
  erase?: boolean;
  intents?: Intent[];
}
