import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/open-database';
import type { Logger } from '../logger';
import { isQuietHour, localHour, type QuietHours } from '../schedule/quiet-hours';
import type { LearnerKey } from '../store/learner-store';
import { type Campaign, type CampaignStore, messageOf } from './campaign-store';
import { handOutPage, handOutWaiting } from './hand-out';

export interface RunnerDeps {
  db: Pick<Database, 'prisma'>;
  campaigns: CampaignStore;
  /** Hands a learner with a pending input to the turn path (the dispatcher). */
  schedule(key: LearnerKey): void;
  quietHours: QuietHours;
  timeZone: string;
  /**
   * Messages handed out and not yet settled, at most: about a second of the platform's rate, so
   * turns never run far ahead of sending (a crash leaves at most this many `unknown`) and the
   * dispatcher keeps room for learners' replies.
   */
  window: number;
  leaseMs: number;
  log: Logger;
  now?: () => Date;
}

/** Why sending waits right now, if it does. */
export function heldFor(
  campaign: Pick<Campaign, 'localHour'>,
  quiet: QuietHours,
  now: Date,
  timeZone: string,
) {
  const hour = localHour(now, timeZone);
  if (isQuietHour(hour, quiet)) return 'quiet-hours';
  if (campaign.localHour !== null && campaign.localHour !== hour) return 'local-hour';
  return null;
}

/**
 * Feeds one campaign for `sliceMs` (the caller holds its lease): hands pages of recipients to their
 * turns while fewer than `window` are on their way, waits out quiet hours, stops when the campaign
 * is paused or cancelled, and marks it done once everyone has a result.
 */
export async function runCampaign(deps: RunnerDeps, campaign: Campaign, sliceMs: number): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const message = messageOf(campaign);
  let cursor = campaign.cursor;
  let paged = campaign.paged;
  const end = Date.now() + sliceMs;
  const poll = 50;
  while (Date.now() < end) {
    const held = heldFor(campaign, deps.quietHours, now(), deps.timeZone);
    const status = await deps.campaigns.renew(campaign.id, deps.leaseMs, held);
    if (status !== 'sending') return;
    if (held) {
      await sleep(Math.min(1000, Math.max(0, end - Date.now())));
      continue;
    }
    const room = deps.window - (await deps.campaigns.inFlight(campaign.id));
    // Hand out in chunks, not one by one: each hand-out is one statement for the whole page.
    if (room < Math.max(1, deps.window / 4)) {
      await sleep(poll);
      continue;
    }
    let handed = await handOutWaiting(deps.db, message, room, now());
    if (handed.read === 0 && !paged) {
      const page = await handOutPage(deps.db, message, cursor, room, now());
      cursor = page.cursor;
      paged = page.read < room;
      handed = page;
    }
    for (const key of handed.keys) deps.schedule(key);
    if (handed.read === 0) {
      if (await deps.campaigns.finishIfDone(campaign.id)) {
        deps.log.info({ campaign: campaign.id }, 'campaign done');
        return;
      }
      await sleep(poll * 4);
    }
  }
}
