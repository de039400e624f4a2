import { CERTIFICATE_QUEUE } from '../../worker/jobs/issue-certificate';
import { TUTOR_ANSWER_QUEUE } from '../../worker/jobs/tutor-answer';
import type { JobQueue } from '../../worker/queue/job-queue';
import { recordCampaignEvent } from '../campaigns/campaign-events';
import type { ChannelSender } from '../channels/channel';
import type { Database } from '../db/open-database';
import type { Intent, Platform } from '../engine/types';
import type { LearnerKey } from '../store/learner-store';
import type { AiStore } from '../tutor-ai/ai-store';

/**
 * What a committed turn asked for, done: a question goes to the tutor-answer job (the learner
 * sees "typing" at once where the platform shows it), a rating is stored with its answer, and an
 * erased learner's processed message ids are deleted.
 */
export function createIntentHandler(deps: {
  queue: Pick<JobQueue, 'add'>;
  ratings: Pick<AiStore, 'rate'>;
  db: Pick<Database, 'prisma'>;
  senders: Partial<Record<Platform, ChannelSender>>;
}) {
  return async (key: LearnerKey, intents: Intent[]): Promise<void> => {
    for (const intent of intents) {
      if (intent.kind === 'erased') {
        // Their processed message ids (kept a week against redeliveries) name them: they go now.
        await deps.db.prisma.inboundMessage.deleteMany({
          where: { platform: key.platform, platformUserId: key.platformUserId, processedAt: { not: null } },
        });
      } else if (intent.kind === 'ask-tutor') {
        void deps.senders[key.platform]?.typing?.(key.platformUserId);
        await deps.queue.add(
          TUTOR_ANSWER_QUEUE,
          { ...key, question: intent.question, language: intent.language },
          { attempts: 1 },
        );
      } else if (intent.kind === 'campaign') {
        await recordCampaignEvent(deps.db, key, intent.campaignId, intent.event);
      } else if (intent.kind === 'issue-certificate') {
        await deps.queue.add(CERTIFICATE_QUEUE, { ...key, ...intent }, { attempts: 3 });
      } else {
        const learner = await deps.db.prisma.learner.findUnique({
          where: { platform_platformUserId: key },
          select: { id: true },
        });
        if (learner) await deps.ratings.rate(intent.answerId, learner.id, intent.rating, new Date());
      }
    }
  };
}
