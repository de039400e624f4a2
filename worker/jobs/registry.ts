import { campaignSendJob } from './campaign-send';
import { embeddedVacuumJob } from './embedded-vacuum';
import { inboxSweepJob } from './inbox-sweep';
import { issueCertificateJob } from './issue-certificate';
import type { JobDefinition } from './job-definition';
import { outboxSweepJob } from './outbox-sweep';
import { purgeInboundJob } from './purge-inbound';
import { purgeUnconsentedJob } from './purge-unconsented';
import { reminderTickJob } from './reminder-tick';
import { statsRollupJob } from './stats-rollup';
import { tutorAnswerJob } from './tutor-answer';

/** Every job the workers run. Adding a job = one file + one line here. */
export const jobs: JobDefinition<never>[] = [
  inboxSweepJob,
  outboxSweepJob,
  purgeInboundJob,
  purgeUnconsentedJob,
  embeddedVacuumJob,
  tutorAnswerJob,
  statsRollupJob,
  campaignSendJob,
  // The learning loop.
  reminderTickJob,
  issueCertificateJob,
] as JobDefinition<never>[];
