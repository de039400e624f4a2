import pg from 'pg';
import type { ChannelLearner } from './platforms';

/** What a scenario did to learners: the row of the faults table. */
export interface Ledger {
  /** Updates the app acknowledged. */
  sent: number;
  /** Messages the platforms accepted for the learners. */
  received: number;
  /** Updates never processed + messages missing from a learner's conversation + answer events missing. */
  lost: number;
  /** Answer events counted twice + messages delivered more than once. */
  duplicated: number;
  /** Of those, answer events counted twice (never allowed). */
  answersTwice: number;
  /** Of those, messages a learner received twice (only a message in flight at a crash may be). */
  messagesTwice: number;
  /** Learners whose conversation differs from the fault-free one other than by loss or duplication. */
  garbled: number;
  /** Outbox rows not sent (pending, failed). */
  unsent: number;
  /** Acknowledged updates whose turn never ran. */
  unprocessed: number;
  /** Answer events the learners' states imply but that are missing. */
  answersLost: number;
  /** Processed updates that wrote no message to the outbox (every turn answers). */
  unanswered: number;
  details: string[];
}

/** `want` appears in `got` in order, other paragraphs between allowed. */
function holdsInOrder(got: string[], want: string[]): boolean {
  let next = 0;
  for (const paragraph of got) if (paragraph === want[next]) next += 1;
  return next === want.length;
}

/** A conversation as its paragraphs: a platform may join several replies into one message. */
export function paragraphs(texts: string[]): string[] {
  return texts
    .join('\n\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
}

export interface StepState {
  step?: { at?: string; queue?: string[]; size?: number };
}

/** Answers a learner's saved state implies for lesson one (three questions): what must be in answer_event. */
export function impliedAnswers(state: StepState): number {
  const step = state.step ?? {};
  if (step.at === 'question') return (step.size ?? 0) - (step.queue?.length ?? 0);
  // After lesson one: its end, or the reminder-hour offer that follows it.
  if (step.at === 'lesson-end' || step.at === 'reminder-hour') return 3;
  return 0;
}

/**
 * Waits until every learner's updates are processed, every outbox row is settled and every
 * conversation is as long as the fault-free one (or `timeoutMs` passes), then counts.
 */
export async function settleAndCount(options: {
  databaseUrl: string;
  learners: ChannelLearner[];
  /** The fault-free conversation per channel (paragraphs). */
  expected: Record<ChannelLearner['channel'], string[]>;
  sent: number;
  timeoutMs?: number;
  /** false: the conversations may rightly differ (reordered input); do not wait for their length. */
  conversations?: boolean;
}): Promise<Ledger & { settledAt: number }> {
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const ids = options.learners.map((learner) => learner.id);
    const complete = () =>
      options.conversations === false ||
      options.learners.every(
        (learner) => paragraphs(learner.received()).length >= options.expected[learner.channel].length,
      );
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    let open = await pendingRows(client, ids);
    while ((open > 0 || !complete()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      open = await pendingRows(client, ids);
    }
    const settledAt = Date.now();
    return { ...(await count(client, ids, options)), settledAt };
  } finally {
    await client.end();
  }
}

async function pendingRows(client: pg.Client, ids: string[]): Promise<number> {
  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM inbound_message WHERE platform_user_id = ANY($1) AND processed_at IS NULL)
          + (SELECT count(*) FROM outbound_message WHERE chat_id = ANY($1) AND status = 'pending') AS n`,
    [ids],
  );
  return Number(rows[0].n);
}

async function count(
  client: pg.Client,
  ids: string[],
  options: { learners: ChannelLearner[]; expected: Record<string, string[]>; sent: number },
): Promise<Ledger> {
  const details: string[] = [];
  const inbound = await client.query(
    'SELECT count(*) FILTER (WHERE processed_at IS NOT NULL) AS processed FROM inbound_message WHERE platform_user_id = ANY($1)',
    [ids],
  );
  const unprocessed = options.sent - Number(inbound.rows[0].processed);
  if (unprocessed !== 0) details.push(`${unprocessed} updates acknowledged but not processed`);
  const answers = await client.query(
    `SELECT l.platform_user_id AS id, l.state, count(a.id) AS answers FROM learner l
     LEFT JOIN answer_event a ON a.learner_id = l.id WHERE l.platform_user_id = ANY($1)
     GROUP BY l.id`,
    [ids],
  );
  let answersLost = ids.length - answers.rows.length;
  let answersTwice = 0;
  for (const row of answers.rows) {
    const implied = impliedAnswers(row.state as StepState);
    const diff = Number(row.answers) - implied;
    if (diff > 0) answersTwice += diff;
    if (diff < 0) answersLost -= diff;
    if (diff !== 0) details.push(`learner ${row.id}: ${row.answers} answer events, state implies ${implied}`);
  }
  const unsent = await client.query(
    "SELECT count(*) AS n FROM outbound_message WHERE chat_id = ANY($1) AND status <> 'sent'",
    [ids],
  );
  const unanswered = await client.query(
    `SELECT count(*) AS n FROM inbound_message i WHERE i.platform_user_id = ANY($1)
     AND NOT EXISTS (SELECT 1 FROM outbound_message o WHERE o.inbound_id = i.id)`,
    [ids],
  );
  let received = 0;
  let missing = 0;
  let extra = 0;
  let garbled = 0;
  for (const learner of options.learners) {
    received += learner.received().length;
    const got = paragraphs(learner.received());
    const want = options.expected[learner.channel]!;
    missing += Math.max(0, want.length - got.length);
    extra += Math.max(0, got.length - want.length);
    // Equal length must mean equal; a longer one must hold the whole conversation, in order, plus repeats.
    if (got.length === want.length && got.join('\n') !== want.join('\n')) garbled += 1;
    if (got.length > want.length && !(holdsInOrder(got, want) && got.every((p) => want.includes(p))))
      garbled += 1;
    if (got.join('\n') !== want.join('\n')) {
      const at = got.findIndex((p, i) => p !== want[i]);
      details.push(
        `${learner.channel} ${learner.id}: ${got.length} paragraphs, expected ${want.length}; first difference at ${at}: got ${JSON.stringify(got.slice(at, at + 3).map((p) => p.slice(0, 40)))}, expected ${JSON.stringify(want.slice(at, at + 3).map((p) => p.slice(0, 40)))}`,
      );
    }
  }
  return {
    sent: options.sent,
    received,
    lost: Math.max(0, unprocessed) + missing + answersLost,
    duplicated: answersTwice + extra,
    answersTwice,
    messagesTwice: extra,
    garbled,
    unsent: Number(unsent.rows[0].n),
    unprocessed,
    answersLost,
    unanswered: Number(unanswered.rows[0].n),
    details,
  };
}
