import type { Logger } from '../logger';
import { metrics } from '../metrics/metrics';
import type { InboundRecord, LearnerStore } from '../store/learner-store';
import { cleanRecord, isPermanentDbError } from './clean-record';
import { updateId } from './update-id';

export interface Intake {
  /** Records an inbound message durably; resolves true when it is new, false for a redelivery. */
  accept(record: InboundRecord): Promise<boolean>;
  /**
   * Whether deliveries are waiting to be recorded, being recorded, or arrived in the last 50 ms:
   * under a flood the writes keep finishing, and a gap between two is not the end of it.
   */
  busy(): boolean;
}

interface Waiting {
  record: InboundRecord;
  resolve: (isNew: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Webhook intake. Concurrent deliveries are written in batches (one multi-row INSERT … ON CONFLICT
 * DO NOTHING each, a few in flight), so intake keeps up with a platform's full webhook concurrency.
 * New messages are handed to `onNew` (the dispatcher); redeliveries stop here.
 */
/** A delivery this recent still counts as intake being busy (see `busy`). */
const RECENT_MS = 50;

export function createIntake(deps: {
  store: LearnerStore;
  onNew: (record: InboundRecord) => void;
  /** Called when the last waiting delivery has been recorded (turns may use the CPU again). */
  onIdle?: () => void;
  log: Logger;
  maxBatch?: number;
  /** Batches written at once: a few overlap the round trips without crowding the pool. */
  writers?: number;
  /**
   * Start writing on the next turn of the event loop, so every delivery read in this one joins the
   * batch. Needed with an in-process database (PGlite): it finishes each INSERT before the next
   * request is even parsed, so batches would hold one row. A server database needs no wait: the
   * round trip of the first write gathers the next batch.
   */
  gatherFirst?: boolean;
  /**
   * A delivery waiting this long while no write finished (the database is frozen or gone) is
   * refused (503) so the platform redelivers: webhooks are not held until the database timeouts.
   * Under a flood, writes keep finishing, so deliveries wait their turn instead. If a refused record
   * lands after all, its redelivery is recognised as a duplicate.
   */
  acceptTimeoutMs?: number;
}): Intake {
  const acceptTimeoutMs = deps.acceptTimeoutMs ?? 5000;
  /** When a write last finished (or the first one started after a quiet spell). */
  let lastProgress = Date.now();
  const maxBatch = deps.maxBatch ?? 200;
  const maxWriters = deps.writers ?? 3;
  let queue: Waiting[] = [];
  let writers = 0;
  let flushScheduled = false;
  let lastArrival = Number.NEGATIVE_INFINITY;

  function scheduleFlush(): void {
    if (flushScheduled || writers >= maxWriters) return;
    if (!deps.gatherFirst) {
      void flush();
      return;
    }
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      void flush();
    });
  }

  async function flush(): Promise<void> {
    writers += 1;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      await write(batch);
    }
    writers -= 1;
    if (writers === 0) deps.onIdle?.();
  }

  /**
   * One INSERT for the batch. If the database refuses it for what a row holds (not an outage), the
   * batch is split, so one bad row never fails its neighbours; a single row it still refuses is
   * dropped (acknowledged: redelivering it could never succeed).
   */
  async function write(batch: Waiting[]): Promise<void> {
    try {
      const created = await deps.store.recordInbound(unique(batch.map((item) => item.record)));
      lastProgress = Date.now();
      const claimed = new Set<string>();
      for (const item of batch) {
        // Two copies of one message in the same batch: only the first is new.
        const id = `${item.record.platform}:${item.record.externalId}`;
        const isNew = created.has(id) && !claimed.has(id);
        claimed.add(id);
        countUpdate(item.record, isNew, deps.log);
        item.resolve(isNew);
        if (isNew) deps.onNew(item.record);
      }
    } catch (error) {
      if (!isPermanentDbError(error)) {
        deps.log.error({ err: error, count: batch.length }, 'recording inbound messages failed');
        for (const item of batch) item.reject(error);
      } else if (batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await write(batch.slice(0, half));
        await write(batch.slice(half));
      } else {
        dropped(batch[0]!.record.platform, (error as { code?: string }).code);
        batch[0]!.resolve(false);
      }
    }
  }

  function dropped(platform: string, code: string | undefined): void {
    // Logged without the record: it may hold personal data.
    deps.log.warn({ platform, code }, 'dropped an inbound message the database can never store');
  }

  return {
    busy: () =>
      queue.length > 0 || writers > 0 || flushScheduled || performance.now() - lastArrival < RECENT_MS,
    accept(raw) {
      lastArrival = performance.now();
      const record = cleanRecord(raw);
      if (!record) {
        dropped(raw.platform, 'unusable');
        return Promise.resolve(false);
      }
      return new Promise<boolean>((resolve, reject) => {
        if (queue.length === 0 && writers === 0) lastProgress = Date.now();
        let timer: NodeJS.Timeout;
        const check = () => {
          const stalled = Date.now() - lastProgress;
          if (stalled >= acceptTimeoutMs) reject(new IntakeTimeoutError(acceptTimeoutMs));
          else timer = setTimeout(check, acceptTimeoutMs - stalled);
        };
        timer = setTimeout(check, acceptTimeoutMs);
        const settle = () => clearTimeout(timer);
        queue.push({
          record,
          resolve: (isNew) => {
            settle();
            resolve(isNew);
          },
          reject: (error) => {
            settle();
            reject(error);
          },
        });
        scheduleFlush();
      });
    },
  };
}

/** Answers from jobs (the tutor's) are inputs, not updates from people. */
function countUpdate(record: InboundRecord, isNew: boolean, log: Logger): void {
  if (record.input.kind === 'tutor-answer') return;
  metrics.updatesIn.inc({ channel: record.platform, kind: isNew ? 'new' : 'redelivery' });
  if (log.isLevelEnabled('debug'))
    log.debug({ update: updateId(record.platform, record.externalId), isNew }, 'update recorded');
}

/** The database did not record a delivery in time: a transient failure, answered 503. */
export class IntakeTimeoutError extends Error {
  readonly statusCode = 503;
  constructor(ms: number) {
    super(`recording the inbound message took over ${ms} ms`);
  }
}

function unique(records: InboundRecord[]): InboundRecord[] {
  const seen = new Map<string, InboundRecord>();
  for (const record of records) {
    const id = `${record.platform}:${record.externalId}`;
    if (!seen.has(id)) seen.set(id, record);
  }
  return [...seen.values()];
}
