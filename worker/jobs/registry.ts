import { embeddedVacuumJob } from './embedded-vacuum';
import { inboxSweepJob } from './inbox-sweep';
import type { JobDefinition } from './job-definition';
import { purgeInboundJob } from './purge-inbound';
import { statsRollupJob } from './stats-rollup';

/** Every job the workers run. Adding a job = one file + one line here. */
export const jobs: JobDefinition<never>[] = [
  inboxSweepJob,
  purgeInboundJob,
  embeddedVacuumJob,
  statsRollupJob,
] as JobDefinition<never>[];
