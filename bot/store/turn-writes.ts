import { NEW_PROFILE } from '../engine/tutor';
import type { TurnOutcome } from '../engine/types';
import type { LearnerKey, OutboxWrite, StoredLearner } from './learner-store';

export interface AnswerWrite {
  course_id: string;
  lesson_id: string;
  question_id: string;
  chosen: string;
  correct: boolean;
  is_retry: boolean;
  latency_ms: number | null;
  province: string | null;
  audience: string | null;
  answered_at: string;
}

export interface LessonWrite {
  course_id: string;
  lesson_id: string;
  started_at: string;
  completed_at: string | null;
  correct_count: number;
  question_count: number;
  attempts: number;
}

export interface EnrolmentWrite {
  course_id: string;
  started_at: string;
  completed_at: string | null;
}

/** Everything a unit of work decided about one learner, merged, ready to write in one statement. */
export class TurnWrites {
  learner: StoredLearner | null;
  /** The stored row goes (declined consent, /delete). */
  erased = false;
  lastAt: Date | undefined;
  chatId: string | undefined;
  readonly answers: AnswerWrite[] = [];
  readonly lessons = new Map<string, LessonWrite>();
  readonly enrolments = new Map<string, EnrolmentWrite>();
  readonly processed: bigint[] = [];
  readonly outbox: OutboxWrite[] = [];

  constructor(
    readonly key: LearnerKey,
    readonly stored: StoredLearner | null,
  ) {
    this.learner = stored;
  }

  get isEmpty(): boolean {
    return this.lastAt === undefined && this.processed.length === 0 && this.outbox.length === 0;
  }

  apply(outcome: TurnOutcome, at: Date, chatId?: string, options: { acted?: boolean } = {}): void {
    if (this.erased) throw new Error('a learner erased in this unit of work cannot take more turns in it');
    if (options.acted !== false || !this.stored) this.lastAt = at;
    if (chatId) this.chatId = chatId;
    if (outcome.erase) {
      this.erased = this.stored !== null;
      this.learner = null;
      this.answers.length = 0;
      this.lessons.clear();
      this.enrolments.clear();
      return;
    }
    const profile = { ...NEW_PROFILE, ...this.learner?.profile, ...outcome.profile };
    this.learner = {
      id: this.learner?.id ?? 0,
      chatId: chatId ?? this.learner?.chatId ?? null,
      profile,
      state: outcome.state,
    };
    const iso = at.toISOString();
    for (const answer of outcome.answers) {
      this.answers.push({
        course_id: answer.courseId,
        lesson_id: answer.lessonId,
        question_id: answer.questionKey,
        chosen: answer.chosen,
        correct: answer.correct,
        is_retry: answer.isRetry,
        latency_ms: answer.latencyMs,
        province: profile.province,
        audience: profile.audience,
        answered_at: iso,
      });
    }
    this.recordProgress(outcome, iso);
  }

  private recordProgress(outcome: TurnOutcome, iso: string): void {
    const started = outcome.lessonStarted;
    if (started) {
      this.lesson(started.course, started.lesson, iso);
      if (!this.enrolments.has(started.course)) {
        this.enrolments.set(started.course, {
          course_id: started.course,
          started_at: iso,
          completed_at: null,
        });
      }
    }
    const done = outcome.lessonCompleted;
    if (done) {
      const lesson = this.lesson(done.course, done.lesson, iso);
      lesson.completed_at ??= iso;
      lesson.correct_count = Math.max(lesson.correct_count, done.correct);
      lesson.question_count = done.total;
      lesson.attempts += 1;
    }
    if (outcome.courseCompleted) {
      const enrolment = this.enrolments.get(outcome.courseCompleted) ?? {
        course_id: outcome.courseCompleted,
        started_at: iso,
        completed_at: null,
      };
      enrolment.completed_at ??= iso;
      this.enrolments.set(outcome.courseCompleted, enrolment);
    }
  }

  private lesson(course: string, lesson: string, iso: string): LessonWrite {
    const key = `${course}/${lesson}`;
    const existing = this.lessons.get(key);
    if (existing) return existing;
    const created = {
      course_id: course,
      lesson_id: lesson,
      started_at: iso,
      completed_at: null,
      correct_count: 0,
      question_count: 0,
      attempts: 0,
    };
    this.lessons.set(key, created);
    return created;
  }
}
