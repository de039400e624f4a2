import { Gauge } from 'prom-client';
import { registry } from './metrics';

export interface ScrapeSources {
  /** Outbox rows still pending, and the age of the oldest, per channel. */
  outbox(): Promise<{ channel: string; pending: number; oldestSeconds: number }[]>;
  /** Jobs per queue and state. */
  queues(): Promise<{ queue: string; state: string; count: number }[]>;
}

const sources = new Set<ScrapeSources>();

/**
 * Figures that cost a query are read when Prometheus scrapes, never on the hot path. Each app
 * registers its sources while it runs (tests run several apps in one process).
 */
export function addScrapeSources(source: ScrapeSources): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

const outboxPending = new Gauge({
  name: 'hocvuso_outbox_pending',
  help: 'Outbox messages not sent yet, by channel (web: replies waiting for the page to fetch them)',
  labelNames: ['channel'] as const,
  registers: [registry],
  collect: () => outboxOnce(),
});
const outboxOldest = new Gauge({
  name: 'hocvuso_outbox_oldest_seconds',
  help: 'Age of the oldest pending outbox message, by channel',
  labelNames: ['channel'] as const,
  registers: [registry],
  collect: () => outboxOnce(),
});
const queueJobs = new Gauge({
  name: 'hocvuso_queue_jobs',
  help: 'Jobs by queue and state (waiting, active, delayed, failed, completed)',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
  collect: () => collectQueues(),
});

/** The registry reads metrics concurrently: both outbox gauges wait for the one query of this scrape. */
let outboxRun: Promise<void> | undefined;
function outboxOnce(): Promise<void> {
  outboxRun ??= collectOutbox().finally(() => {
    outboxRun = undefined;
  });
  return outboxRun;
}

async function collectOutbox(): Promise<void> {
  outboxPending.reset();
  outboxOldest.reset();
  for (const source of sources)
    for (const row of await source.outbox().catch(unavailable)) {
      outboxPending.set({ channel: row.channel }, row.pending);
      outboxOldest.set({ channel: row.channel }, row.oldestSeconds);
    }
}

async function collectQueues(): Promise<void> {
  queueJobs.reset();
  for (const source of sources)
    for (const row of await source.queues().catch(unavailable))
      queueJobs.set({ queue: row.queue, state: row.state }, row.count);
}

/** A database or Redis outage must not fail the scrape (that is when the other figures matter most). */
function unavailable(): never[] {
  return [];
}
