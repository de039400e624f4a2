import { z } from 'zod';
import { issueCertificate } from '../../bot/certificates/certificate-store';
import { defineJob } from './job-definition';

export const CERTIFICATE_QUEUE = 'issue-certificate';

export const certificatePayload = z.object({
  platform: z.enum(['web', 'telegram', 'zalo']),
  platformUserId: z.string().min(1),
  courseId: z.string().min(1),
  name: z.string().min(1).max(80),
  language: z.enum(['vi', 'en']),
});

/**
 * Issues the certificate of a finished course (one per learner and course: a second run finds the
 * first and keeps its code) and brings the link and image back as an input of the learner's own,
 * so it goes out through the same turn path and outbox as everything else.
 */
export const issueCertificateJob = defineJob({
  queue: CERTIFICATE_QUEUE,
  schema: certificatePayload,
  async run(data, deps, job) {
    const learner = await deps.db.prisma.learner.findUnique({
      where: { platform_platformUserId: { platform: data.platform, platformUserId: data.platformUserId } },
      select: { id: true, chatId: true },
    });
    if (!learner) return; // erased meanwhile
    const certificate = await issueCertificate(deps.db.prisma, {
      learnerId: learner.id,
      courseId: data.courseId,
      name: data.name,
      at: deps.now(),
    });
    const url = `${deps.config.publicUrl}/verify/${certificate.code}`;
    await deps.intake.accept({
      platform: data.platform,
      platformUserId: data.platformUserId,
      chatId: learner.chatId ?? data.platformUserId,
      externalId: `certificate:${learner.id}:${data.courseId}:${certificate.code}`,
      order: deps.now().getTime(),
      input: {
        kind: 'certificate',
        text: '',
        certificate: { courseId: data.courseId, url, imageUrl: `${url}.png` },
        at: deps.now().toISOString(),
      },
    });
    job.log.info({ course: data.courseId }, 'certificate issued');
  },
});
