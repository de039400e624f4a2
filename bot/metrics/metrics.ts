import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The named metrics of the process, served at GET /metrics. The hot path only touches counters and
 * histograms (an in-memory increment); depths are read when Prometheus scrapes (scrape-sources.ts).
 * Label values come from small fixed sets (channel, lane, queue name, result), never from people.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'hocvuso_' });

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const metrics = {
  /** Platform updates and web-chat messages recorded by intake (`kind`: new, redelivery). */
  updatesIn: new Counter({
    name: 'hocvuso_updates_total',
    help: 'Inbound updates recorded, by channel; kind=redelivery were recognised and not run again',
    labelNames: ['channel', 'kind'] as const,
    registers: [registry],
  }),
  /** From a learner's message reaching the dispatcher to the replies of its turn being sent. */
  turnSeconds: new Histogram({
    name: 'hocvuso_turn_seconds',
    help: 'Turn latency: message handed to the dispatcher until its replies are sent',
    labelNames: ['channel'] as const,
    buckets: SECONDS,
    registers: [registry],
  }),
  /** Each outbox message's outcome: ok, 403 (the learner blocked the bot) or error. */
  sends: new Counter({
    name: 'hocvuso_sends_total',
    help: 'Messages sent through the outbox, by channel, lane (reply, bulk) and result (ok, 403, error)',
    labelNames: ['channel', 'lane', 'result'] as const,
    registers: [registry],
  }),
  /** Every 429 a platform answered (the call is retried after retry_after, so most sends still end ok). */
  rateLimited: new Counter({
    name: 'hocvuso_platform_429_total',
    help: 'HTTP 429 answers from the platform APIs',
    labelNames: ['channel'] as const,
    registers: [registry],
  }),
  jobSeconds: new Histogram({
    name: 'hocvuso_job_seconds',
    help: 'Job run time by queue and outcome (completed, retry, failed, permanent, rate-limited)',
    labelNames: ['queue', 'outcome'] as const,
    buckets: SECONDS,
    registers: [registry],
  }),
  aiAnswers: new Counter({
    name: 'hocvuso_ai_answers_total',
    help: 'Tutor answers by source (ai, lessons) and fallback reason (none when the model answered)',
    labelNames: ['source', 'reason'] as const,
    registers: [registry],
  }),
  aiTokens: new Counter({
    name: 'hocvuso_ai_tokens_total',
    help: 'Model tokens spent, by kind (prompt, completion)',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
  aiCostUsd: new Counter({
    name: 'hocvuso_ai_cost_usd_total',
    help: 'Estimated model cost in US dollars (AI_PRICE_* settings)',
    registers: [registry],
  }),
  /** For campaigns: count each campaign message once when its outcome is known. */
  campaignMessages: new Counter({
    name: 'hocvuso_campaign_messages_total',
    help: 'Campaign messages by campaign id and result (sent, failed, blocked, skipped)',
    labelNames: ['campaign', 'result'] as const,
    registers: [registry],
  }),
  /** For campaigns: recipients per campaign and state (pending, sent, failed…), set as they progress. */
  campaignRecipients: new Gauge({
    name: 'hocvuso_campaign_recipients',
    help: 'Campaign recipients by campaign id and delivery state',
    labelNames: ['campaign', 'state'] as const,
    registers: [registry],
  }),
};
