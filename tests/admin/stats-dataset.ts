import type { PrismaClient } from '../../bot/db/generated/client';
import type { StatsFilters } from '../../bot/stats/stats-filters';

/** A seeded, reproducible population of learners and their activity, with plain-JS expected figures. */
export interface Dataset {
  learners: {
    id: number;
    platform: string;
    province: string | null;
    audience: string | null;
    referral: string | null;
    created: Date;
    lastActive: Date;
  }[];
  answers: {
    learnerId: number;
    questionId: string;
    chosen: string;
    correct: boolean;
    retry: boolean;
    at: Date;
  }[];
  lessons: { learnerId: number; courseId: string; lessonId: string; started: Date; completed: Date | null }[];
  enrolments: { learnerId: number; courseId: string; started: Date; completed: Date | null }[];
}

export const TZ_OFFSET_MS = 7 * 3600_000;
export const localDay = (at: Date) => new Date(at.getTime() + TZ_OFFSET_MS).toISOString().slice(0, 10);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PROVINCES = ['ha-noi', 'ninh-binh', 'nghe-an', 'ho-chi-minh', null];
const AUDIENCES = ['citizen', 'elder', 'student', null];
const PLATFORMS = ['web', 'telegram', 'zalo'];
const REFERRALS = ['gvalpha', 'gvbeta', null, null];

export function makeDataset(options: {
  learners: number;
  now: Date;
  days: number;
  seed: number;
  firstId?: number;
  /** Course ids and lesson ids to use (default: the sample catalog's). */
  courses?: string[];
  lessons?: string[];
}): Dataset {
  const courseIds = options.courses ?? ['course-a', 'course-b'];
  const random = rng(options.seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const data: Dataset = { learners: [], answers: [], lessons: [], enrolments: [] };
  const end = options.now.getTime();
  for (let i = 0; i < options.learners; i++) {
    const id = (options.firstId ?? 1) + i;
    const created = new Date(end - random() * options.days * 86_400_000);
    let last = created.getTime();
    const learner = {
      id,
      platform: pick(PLATFORMS),
      province: pick(PROVINCES),
      audience: pick(AUDIENCES),
      referral: pick(REFERRALS),
      created,
      lastActive: created,
    };
    let at = created.getTime();
    const courses = new Map<string, { started: Date; done: number }>();
    const lessonCount = Math.floor(random() * 4);
    for (let n = 1; n <= lessonCount; n++) {
      const courseId = pick(courseIds);
      const lessonId = options.lessons?.[n - 1] ?? `lesson-${n}`;
      at += random() * 20 * 3600_000;
      if (at > end) break;
      const started = new Date(at);
      if (!courses.has(courseId)) courses.set(courseId, { started, done: 0 });
      for (const q of ['q1', 'q2', 'q3']) {
        at += random() * 600_000;
        if (at > end) break;
        const correct = random() < 0.6;
        const chosen = correct ? (q === 'q2' ? '2' : '3') : pick(['1', q === 'q2' ? '1' : '2']);
        data.answers.push({
          learnerId: id,
          questionId: `${courseId}/${lessonId}/${q}`,
          chosen,
          correct,
          retry: false,
          at: new Date(at),
        });
        if (!correct && random() < 0.7) {
          at += 30_000;
          if (at <= end)
            data.answers.push({
              learnerId: id,
              questionId: `${courseId}/${lessonId}/${q}`,
              chosen: '3',
              correct: random() < 0.8,
              retry: true,
              at: new Date(at),
            });
        }
      }
      at = Math.min(at, end);
      const completed = random() < 0.7 ? new Date(at) : null;
      if (completed) courses.get(courseId)!.done++;
      data.lessons.push({ learnerId: id, courseId, lessonId, started, completed });
      last = Math.max(last, at);
    }
    for (const [courseId, c] of courses)
      data.enrolments.push({
        learnerId: id,
        courseId,
        started: c.started,
        completed: c.done >= 2 ? new Date(last) : null,
      });
    learner.lastActive = new Date(last);
    data.learners.push(learner);
  }
  return data;
}

const ts = (d: Date | null) => (d ? d.toISOString().replace('Z', '') : null);

export async function insertDataset(prisma: PrismaClient, data: Dataset): Promise<void> {
  const learners = data.learners.map((l) => ({
    id: l.id,
    platform: l.platform,
    uid: `u${l.id}`,
    province: l.province,
    audience: l.audience,
    referral: l.referral,
    created: ts(l.created),
    last: ts(l.lastActive),
  }));
  // Consented, as every learner with answers is (rows that never reach consent are purged).
  await prisma.$executeRaw`
    INSERT INTO learner (id, platform, platform_user_id, province, audience, referral_code, consent_at, created_at,
                         last_active_at)
    SELECT id, platform::"Platform", uid, province, audience::"Audience", referral, created, created, last
    FROM jsonb_to_recordset(${JSON.stringify(learners)}::jsonb) AS x(id int, platform text, uid text, province text,
      audience text, referral text, created timestamp(3), last timestamp(3))`;
  await prisma.$executeRaw`SELECT setval('learner_id_seq', (SELECT max(id) FROM learner))`;
  await insertAnswers(prisma, data.learners, data.answers);
  await prisma.$executeRaw`
    INSERT INTO lesson_progress (learner_id, course_id, lesson_id, started_at, completed_at)
    SELECT "learnerId", "courseId", "lessonId", started, completed
    FROM jsonb_to_recordset(${JSON.stringify(data.lessons.map((p) => ({ ...p, started: ts(p.started), completed: ts(p.completed) })))}::jsonb)
      AS x("learnerId" int, "courseId" text, "lessonId" text, started timestamp(3), completed timestamp(3))
    ON CONFLICT DO NOTHING`;
  await prisma.$executeRaw`
    INSERT INTO enrolment (learner_id, course_id, started_at, completed_at)
    SELECT "learnerId", "courseId", started, completed
    FROM jsonb_to_recordset(${JSON.stringify(data.enrolments.map((e) => ({ ...e, started: ts(e.started), completed: ts(e.completed) })))}::jsonb)
      AS x("learnerId" int, "courseId" text, started timestamp(3), completed timestamp(3))`;
}

/** Answer events of learners already stored, with each learner's platform, province and audience. */
export async function insertAnswers(
  prisma: PrismaClient,
  learners: Dataset['learners'],
  list: Dataset['answers'],
): Promise<void> {
  const byId = new Map(learners.map((l) => [l.id, l]));
  const answers = list.map((a) => {
    const l = byId.get(a.learnerId)!;
    const [courseId, lessonId] = a.questionId.split('/');
    return {
      ...a,
      courseId,
      lessonId,
      at: ts(a.at),
      platform: l.platform,
      province: l.province,
      audience: l.audience,
    };
  });
  await prisma.$executeRaw`
    INSERT INTO answer_event (learner_id, course_id, lesson_id, question_id, chosen, correct, is_retry, platform, province, audience, answered_at)
    SELECT "learnerId", "courseId", "lessonId", "questionId", chosen, correct, retry, platform::"Platform", province, audience::"Audience", at
    FROM jsonb_to_recordset(${JSON.stringify(answers)}::jsonb) AS x("learnerId" int, "courseId" text, "lessonId" text,
      "questionId" text, chosen text, correct boolean, retry boolean, platform text, province text, audience text, at timestamp(3))`;
}

/** Expected figures, computed from the dataset alone. */
export function expectedFigures(data: Dataset, filters: StatsFilters, today: string) {
  const from = filters.from ?? '2000-01-01';
  const to = filters.to ?? today;
  const byId = new Map(data.learners.map((l) => [l.id, l]));
  const matches = (id: number) => {
    const l = byId.get(id)!;
    return (
      (!filters.provinces || (l.province !== null && filters.provinces.includes(l.province))) &&
      (!filters.audience || l.audience === filters.audience) &&
      (!filters.platform || l.platform === filters.platform) &&
      (!filters.referral || l.referral === filters.referral)
    );
  };
  const inRange = (at: Date | null) => at !== null && localDay(at) >= from && localDay(at) <= to;
  // Lesson progress rows are unique per learner, course and lesson (the dataset can repeat one).
  const lessons = [
    ...new Map(data.lessons.map((p) => [`${p.learnerId}/${p.courseId}/${p.lessonId}`, p])).values(),
  ];
  const answers = data.answers.filter((a) => matches(a.learnerId) && inRange(a.at));
  const firstTry = answers.filter((a) => !a.retry);
  return {
    learners: data.learners.filter((l) => matches(l.id) && inRange(l.created)),
    answers,
    firstTry,
    firstTryCorrect: firstTry.filter((a) => a.correct),
    lessons: lessons.filter((p) => matches(p.learnerId)),
    enrolments: data.enrolments.filter((e) => matches(e.learnerId)),
    matches,
    inRange,
  };
}
