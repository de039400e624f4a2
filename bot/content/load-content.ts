import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type Catalog, type Course, createCatalog, type Lesson, type Question } from './catalog';
import { courseFileSchema, type LessonFile, lessonFileSchema, type QuestionFile } from './content-schema';
import { duplicates, loadProvinces } from './load-provinces';
import { type ContentError, type LineOf, readYaml } from './read-yaml';

/** A course as read from its files, with the lines of its parts: what the content rules check. */
export interface CourseSource {
  id: string;
  file: string;
  lineOf: LineOf;
  lessons: LessonSource[];
}

export interface LessonSource {
  id: string;
  file: string;
  value: LessonFile;
  lineOf: LineOf;
}

/** `sources` holds every course whose course.yaml is valid, with its valid lesson files. */
export type ContentResult =
  | { ok: true; catalog: Catalog; sources: CourseSource[] }
  | { ok: false; errors: ContentError[]; sources: CourseSource[] };

/** Loads and validates `content/`. Any error anywhere means no catalog: the bot never serves half-valid content. */
export async function loadContent(contentDir: string, today = new Date()): Promise<ContentResult> {
  const errors: ContentError[] = [];
  const show = (file: string) => relative(process.cwd(), file) || file;
  const provincesFile = join(contentDir, 'provinces.yaml');
  const { provinces, errors: provinceErrors } = await loadProvinces(provincesFile, show(provincesFile));
  errors.push(...provinceErrors);
  const courses: Course[] = [];
  const sources: CourseSource[] = [];
  const coursesDir = join(contentDir, 'courses');
  const folders = await listDir(coursesDir, show, errors, true);
  for (const folder of folders) {
    const loaded = await loadCourse(join(coursesDir, folder), folder, show, errors);
    if (loaded) {
      courses.push(loaded.course);
      sources.push(loaded.source);
    }
  }
  if (folders.length > 0 && courses.length === 0 && errors.length === 0) {
    errors.push({ file: show(coursesDir), path: '', message: 'has no courses' });
  }
  errors.push(...futureDates(courses, today, show, coursesDir));
  return errors.length > 0
    ? { ok: false, errors, sources }
    : { ok: true, catalog: createCatalog(courses, provinces), sources };
}

async function loadCourse(
  dir: string,
  folder: string,
  show: (f: string) => string,
  errors: ContentError[],
): Promise<{ course: Course; source: CourseSource } | undefined> {
  const courseFile = join(dir, 'course.yaml');
  const {
    value: course,
    errors: found,
    lineOf: courseLines,
  } = await readYaml(courseFile, show(courseFile), courseFileSchema);
  errors.push(...found);
  const files = (await listDir(dir, show, errors, false)).filter((name) => name !== 'course.yaml');
  // An invalid course.yaml still lets every lesson file be checked, so one run shows every problem.
  const lessonIds =
    course?.lessons ?? files.filter((name) => name.endsWith('.yaml')).map((name) => name.slice(0, -5));
  if (course) {
    if (course.id !== folder) {
      errors.push({ file: show(courseFile), path: 'id', message: `must equal the folder name "${folder}"` });
    }
    errors.push(...duplicates(course.lessons, show(courseFile), 'lessons', 'lesson id'));
    for (const name of files) {
      if (!name.endsWith('.yaml') || !course.lessons.includes(name.slice(0, -5))) {
        errors.push({
          file: show(join(dir, name)),
          path: '',
          message: 'is not listed in course.yaml lessons',
        });
      }
    }
  }
  const lessons: Lesson[] = [];
  const lessonSources: LessonSource[] = [];
  for (const lessonId of lessonIds) {
    const file = join(dir, `${lessonId}.yaml`);
    const { value, errors: lessonErrors, lineOf } = await readYaml(file, show(file), lessonFileSchema);
    errors.push(...lessonErrors);
    if (!value || !lineOf) continue;
    lessonSources.push({ id: lessonId, file: show(file), value, lineOf });
    if (value.id !== lessonId) {
      errors.push({ file: show(file), path: 'id', message: `must equal the file name "${lessonId}"` });
    }
    errors.push(
      ...duplicates(
        value.questions.map((q) => q.id),
        show(file),
        'questions',
        'question id',
      ),
    );
    lessons.push(toLesson(folder, value));
  }
  if (!course || !courseLines) return undefined;
  return {
    course: { ...course, lessons },
    source: { id: course.id, file: show(courseFile), lineOf: courseLines, lessons: lessonSources },
  };
}

function toLesson(courseId: string, lesson: LessonFile): Lesson {
  return {
    id: lesson.id,
    courseId,
    title: lesson.title,
    sources: lesson.sources,
    cards: lesson.cards,
    questions: lesson.questions.map((q) => toQuestion(`${courseId}/${lesson.id}/${q.id}`, q)),
  };
}

const TRUE_FALSE = { true: { vi: 'Đúng', en: 'True' }, false: { vi: 'Sai', en: 'False' } };

function toQuestion(key: string, q: QuestionFile): Question {
  if (q.type === 'truefalse') {
    return {
      id: q.id,
      key,
      kind: 'truefalse',
      prompt: q.prompt,
      options: [
        { text: TRUE_FALSE.true, correct: q.answer, explanation: q.explanation },
        { text: TRUE_FALSE.false, correct: !q.answer, explanation: q.explanation },
      ],
    };
  }
  return {
    id: q.id,
    key,
    kind: q.multi ? 'multi' : 'single',
    prompt: q.prompt,
    ...(q.shuffle === false ? { shuffle: false } : {}),
    options: q.options.map((o) => ({
      text: o.text,
      correct: o.correct ?? false,
      explanation: o.explanation,
    })),
  };
}

async function listDir(dir: string, show: (f: string) => string, errors: ContentError[], folders: boolean) {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => (folders ? entry.isDirectory() : entry.isFile()))
      .map((entry) => entry.name)
      .sort();
  } catch {
    errors.push({ file: show(dir), path: '', message: 'is missing' });
    return [];
  }
}

function futureDates(
  courses: Course[],
  today: Date,
  show: (f: string) => string,
  dir: string,
): ContentError[] {
  const limit = today.toISOString().slice(0, 10);
  return courses.flatMap((course) =>
    course.lessons.flatMap((lesson) =>
      lesson.sources
        .map((source, index) => ({ source, index }))
        .filter(({ source }) => source.checked > limit)
        .map(({ index }) => ({
          file: show(join(dir, course.id, `${lesson.id}.yaml`)),
          path: `sources[${index}].checked`,
          message: 'is in the future',
        })),
    ),
  );
}
