import { createHash } from 'node:crypto';

/**
 * The correlation id of one inbound update in the logs: its platform and the platform's own id
 * (`telegram:<update_id>`, `zalo:<message_id>`, `tutor:<job id>`). Intake, the turn and the send
 * of that update log it as `update`, so one search follows it through. A web-chat id holds the
 * page's session id, which identifies the learner to the server: only a hash of it is logged.
 */
export function updateId(platform: string, externalId: string): string {
  if (platform !== 'web') return `${platform}:${externalId}`;
  return `web:${createHash('sha256').update(externalId).digest('hex').slice(0, 16)}`;
}
