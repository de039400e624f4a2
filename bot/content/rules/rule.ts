import type { LessonFile } from '../content-schema';
import type { ContentError } from '../read-yaml';

/** What a rule sees of a course: its lesson files, and helpers that locate a problem in them. */
export interface RuleCourse {
  id: string;
  /** A problem with the course as a whole, reported on course.yaml. */
  at(message: string): ContentError;
  lessons: {
    id: string;
    value: LessonFile;
    at(path: (string | number)[], message: string): ContentError;
  }[];
}

/** One writing rule of the curriculum (content/README.md, "Writing rules"). */
export interface ContentRule {
  id: string;
  title: string;
  check(course: RuleCourse): ContentError[];
}
