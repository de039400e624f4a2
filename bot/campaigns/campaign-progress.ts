import type { Campaign, DeliveryCounts } from './campaign-store';

export interface Progress {
  /** Learners with a result (sent, failed, skipped, unknown). */
  done: number;
  /** Still to go: waiting, on their way, or not yet handed out. */
  remaining: number;
  /** Messages sent per second since sending started. */
  ratePerSecond: number;
  /** Seconds until done at that rate; null when not sending or no rate yet. */
  etaSeconds: number | null;
}

const total = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);

export function progressOf(campaign: Campaign, counts: DeliveryCounts, now: Date): Progress {
  const done = counts.sent + total(counts.failed) + total(counts.skipped) + counts.unknown;
  const handed = done + counts.queued + counts.waiting;
  // Until every page is handed out, the count taken at /send stands in for the rest.
  const notHanded = campaign.paged ? 0 : Math.max(0, campaign.recipients - handed);
  const remaining = counts.queued + counts.waiting + notHanded;
  const end = campaign.finishedAt ?? now;
  const seconds = campaign.startedAt ? (end.getTime() - campaign.startedAt.getTime()) / 1000 : 0;
  const rate = seconds > 0 ? done / seconds : 0;
  const sending = campaign.status === 'sending';
  return {
    done,
    remaining,
    ratePerSecond: Math.round(rate * 10) / 10,
    etaSeconds: sending && rate > 0 ? Math.ceil(remaining / rate) : null,
  };
}
