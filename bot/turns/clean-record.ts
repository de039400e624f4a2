import type { InboundRecord } from '../store/learner-store';
import { storable } from '../text/storable-text';

/**
 * Cleans what can be cleaned (the same way every time, so a redelivery keeps its id); null when
 * the record can never be stored or answered (no user id left).
 */
export function cleanRecord(record: InboundRecord): InboundRecord | null {
  const platformUserId = storable(record.platformUserId);
  const externalId = storable(record.externalId);
  const chatId = storable(record.chatId);
  if (!platformUserId || !externalId || !chatId || !Number.isFinite(record.order)) return null;
  const input = { ...record.input, text: storable(record.input.text) };
  if (input.displayName !== undefined) input.displayName = storable(input.displayName) || undefined;
  return { ...record, platformUserId, externalId, chatId, input };
}

/** A database error that will happen again however often the same rows are sent (bad data, not an outage). */
export function isPermanentDbError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|42)/.test(code);
}
