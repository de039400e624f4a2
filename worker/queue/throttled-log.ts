import type { Logger } from '../../bot/logger';

/**
 * BullMQ re-emits a Redis outage as an 'error' on every Queue and Worker at every reconnect;
 * the same message is logged at most once per interval so an outage does not flood the logs.
 */
export function createThrottledErrorLog(log: Logger, intervalMs = 60_000, now: () => number = Date.now) {
  const lastLogged = new Map<string, number>();
  return (err: Error, fields: Record<string, unknown>, msg: string): void => {
    const key = `${msg}\u0000${JSON.stringify(fields)}\u0000${err.message}`;
    const last = lastLogged.get(key);
    if (last !== undefined && now() - last < intervalMs) return;
    if (lastLogged.size > 1000) lastLogged.clear();
    lastLogged.set(key, now());
    log.error({ ...fields, err }, msg);
  };
}
