import type { AudienceId, Source } from './content-schema';

export type Language = 'vi' | 'en';
export type Localized = Record<Language, string>;

export interface Option {
  text: Localized;
  correct: boolean;
  explanation: Localized;
}

export interface Question {
  id: string;
  /** Globally unique and stable: `<course>/<lesson>/<question>`; answer events store it. */
  key: string;
  kind: 'single' | 'multi' | 'truefalse';
  prompt: Localized;
  options: Option[];
  /** `false` keeps the written order for every learner; otherwise the engine shuffles per learner. */
  shuffle?: boolean;
}

/** A "try it now" step: a small unscored action on the learner's own phone, right after its card. */
export interface TryStep {
  ask: Localized;
  help: Localized;
}

export type Card = Localized & { try?: TryStep };

export interface Lesson {
  id: string;
  courseId: string;
  title: Localized;
  sources: Source[];
  cards: Card[];
  questions: Question[];
}

export interface Course {
  id: string;
  order: number;
  title: Localized;
  summary: Localized;
  audiences: AudienceId[];
  lessons: Lesson[];
}

export interface Province {
  code: string;
  name: string;
  city: boolean;
  /** Other names and spellings ("TP HCM", "Sài Gòn"). */
  aliases: string[];
  /** Provinces merged into it on 1 July 2025. */
  formerly: string[];
}

/** Everything the tutor teaches, validated and ready to serve. Immutable after loading. */
export interface Catalog {
  courses: Course[];
  provinces: Province[];
  course(id: string): Course | undefined;
  lesson(courseId: string, lessonId: string): Lesson | undefined;
}

export function createCatalog(courses: Course[], provinces: Province[]): Catalog {
  const sorted = [...courses].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const byId = new Map(sorted.map((course) => [course.id, course]));
  return {
    courses: sorted,
    provinces,
    course: (id) => byId.get(id),
    lesson: (courseId, lessonId) => byId.get(courseId)?.lessons.find((lesson) => lesson.id === lessonId),
  };
}
