import type { AudienceId } from '../../content/content-schema';

/** Every sentence the tutor says that is not lesson content. One implementation per language. */
export interface Messages {
  greeting(name: string | null): string;
  consent: string;
  consentYes: string;
  consentNo: string;
  consentDeclined: string;
  consentHint: string;
  languageQuestion: string;
  languageSet: string;
  languageHint: string;
  provinceQuestion: string;
  provinceSkip: string;
  provinceNotFound(text: string): string;
  provinceMerged(old: string, now: string): string;
  audienceQuestion: string;
  audiences: Record<AudienceId, string>;
  audienceHint: string;
  onboardingDone: string;
  menuTitle: string;
  menuResume(lesson: string): string;
  menuHint(count: number): string;
  courseLabel(title: string, done: number, total: number): string;
  courseDone(title: string): string;
  cardHeader(lessonNo: number, lessonCount: number, title: string, card: number, cards: number): string;
  next: string;
  startQuiz: string;
  cardHint: string;
  /** "Try it now" steps (not scored): the two choices, and what follows each. */
  tryDone: string;
  tryHelp: string;
  tryLead: string;
  tryPraise: string;
  tryHint: string;
  tryAfterHelp(onward: string): string;
  tryStillStuck(onward: string): string;
  tryMedia: string;
  questionHeader(n: number, total: number, retry: boolean): string;
  trueFalseLead: string;
  multiHint: string;
  answerHint(count: number): string;
  answerOutOfRange(count: number): string;
  mediaDuringQuiz: string;
  correct: string;
  wrong: string;
  rightAnswer(label: string): string;
  /** Introduces the right option's explanation as the reason, never as praise. */
  reason(text: string): string;
  /** The right answer of a true/false statement, after the verdict. */
  statementIs(label: string): string;
  retryIntro(count: number): string;
  lessonDone(title: string, correct: number, total: number): string;
  nextLesson(title: string): string;
  backToMenu: string;
  courseComplete(title: string): string;
  lessonEndHint: string;
  progressTitle: string;
  progressCourse(title: string, done: number, total: number): string;
  progressScore(correct: number, total: number): string;
  progressNothing: string;
  help: string;
  stopped: string;
  resumed: string;
  welcomeBack(name: string | null): string;
  deleteConfirm: string;
  deleteYes: string;
  deleteNo: string;
  deleted: string;
  deleteCancelled: string;
  staleButton: string;
  /** Said at once when free text is taken as a question for the tutor. */
  askSearching: string;
  tutorHelpful: string;
  tutorNotHelpful: string;
  tutorOpenLesson(title: string): string;
  tutorContinue: string;
  tutorThanks: string;
  tutorHint: string;
  notUnderstood: string;
  mediaReceived: string;
  /** A campaign's choices shown again (the learner typed something else, or asked for the prompt). */
  campaignHint: string;
}
