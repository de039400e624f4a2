import { z } from 'zod';
import { defineJob } from './job-definition';

export const TUTOR_ANSWER_QUEUE = 'tutor-answer';

export const tutorAnswerPayload = z.object({
  platform: z.enum(['web', 'telegram', 'zalo']),
  platformUserId: z.string().min(1),
  question: z.string().min(1).max(2000),
  language: z.enum(['vi', 'en']),
});

/**
 * Answers a learner's question (lessons, and the model when a key is set) and brings the answer
 * back as an input of the learner's own: it runs through the same turn path and outbox as
 * everything else, so ordering, the web chat's later messages and delivery all hold. Runs once
 * (an answer that was given is never asked for again: it is stored and counted against quotas).
 */
export const tutorAnswerJob = defineJob({
  queue: TUTOR_ANSWER_QUEUE,
  schema: tutorAnswerPayload,
  options: { concurrency: 8 },
  async run(data, deps, job) {
    const learner = await deps.db.prisma.learner.findUnique({
      where: { platform_platformUserId: { platform: data.platform, platformUserId: data.platformUserId } },
      select: { id: true, chatId: true },
    });
    if (!learner) return; // erased meanwhile
    const answer = await deps.tutorAi.answer({
      question: data.question,
      language: data.language,
      learnerId: learner.id,
      now: deps.now(),
    });
    const lesson = answer.lessonRef;
    await deps.intake.accept({
      platform: data.platform,
      platformUserId: data.platformUserId,
      chatId: learner.chatId ?? data.platformUserId,
      externalId: `tutor:${job.id}`,
      order: deps.now().getTime(),
      input: {
        kind: 'tutor-answer',
        text: answer.text,
        tutor: {
          ...(answer.id ? { answerId: answer.id } : {}),
          ...(lesson
            ? { lesson: { courseId: lesson.courseId, lessonId: lesson.lessonId, title: lesson.title } }
            : {}),
        },
        at: deps.now().toISOString(),
      },
    });
    job.log.info({ source: answer.source, ms: Math.round(answer.timings.totalMs) }, 'tutor answered');
  },
});
