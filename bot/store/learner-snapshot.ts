import { Prisma } from '../db/generated/client';
import type { SqlRunner } from '../db/sql-runner';
import type { ConversationState } from '../engine/types';
import { profileColumnList, profileFromRow } from './learner-columns';
import type { InboundRecord, InboxItem, LearnerKey, StoredLearner } from './learner-store';

export interface Snapshot {
  learner: StoredLearner | null;
  version: number;
  inbox: InboxItem[];
  /** More pending messages than one page: the caller reads again after writing this page. */
  inboxHasMore: boolean;
}

/**
 * Pending messages read per learner at a time. A learner with a backlog (a flood of deliveries)
 * is answered page by page, so one batch never holds the event loop for long.
 */
export const INBOX_PAGE = 16;

interface Row {
  i: number;
  learner:
    | ({ id: number; version: number; chat_id: string | null; state: ConversationState } & Record<
        string,
        unknown
      >)
    | null;
  inbox: { id: string; payload: InboundRecord }[] | null;
}

/**
 * Reads learners (and, when asked, their pending inbound messages) in one round trip, however
 * many: the dispatcher drains a batch of learners with one read and one write.
 */
export async function readSnapshots(
  sql: SqlRunner,
  keys: LearnerKey[],
  withInbox: boolean,
): Promise<Snapshot[]> {
  if (keys.length === 0) return [];
  const wanted = JSON.stringify(
    keys.map((key, i) => ({ i, platform: key.platform, uid: key.platformUserId })),
  );
  const rows = await sql<Row>(Prisma.sql`
    SELECT k.i,
      (SELECT row_to_json(l) FROM (
         SELECT id, version, chat_id, state, ${profileColumnList}
         FROM learner WHERE platform = k.platform::"Platform" AND platform_user_id = k.uid
       ) l) AS learner,
      (SELECT json_agg(json_build_object('id', p.id::text, 'payload', p.payload)
                       ORDER BY (p.payload->>'order')::numeric, p.id)
       FROM (
         SELECT id, payload
         FROM inbound_message
         WHERE ${withInbox} AND platform = k.platform::"Platform" AND platform_user_id = k.uid
           AND processed_at IS NULL
         ORDER BY (payload->>'order')::numeric, id
         LIMIT ${INBOX_PAGE + 1}
       ) p) AS inbox
    FROM jsonb_to_recordset(${wanted}::jsonb) AS k(i int, platform text, uid text)`);
  const snapshots: Snapshot[] = keys.map(() => ({
    learner: null,
    version: 0,
    inbox: [],
    inboxHasMore: false,
  }));
  for (const row of rows) snapshots[row.i] = toSnapshot(row);
  return snapshots;
}

function toSnapshot(row: Row): Snapshot {
  const l = row.learner;
  // Already in platform order (then arrival order); the extra row only says there is more.
  const page = (row.inbox ?? []).map((item) => ({ id: BigInt(item.id), record: item.payload }));
  const inboxHasMore = page.length > INBOX_PAGE;
  const inbox = page.slice(0, INBOX_PAGE);
  if (!l) return { learner: null, version: 0, inbox, inboxHasMore };
  const learner: StoredLearner = {
    id: l.id,
    chatId: l.chat_id,
    profile: profileFromRow(l),
    state: l.state,
  };
  return { learner, version: l.version, inbox, inboxHasMore };
}
