import { z } from 'zod';
import { parseSentinels, type RedisTarget } from './redis/redis-target';
import { parseQuietHours, type QuietHours } from './schedule/quiet-hours';

const optionalText = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().min(1).optional(),
);
const optionalUrl = z.preprocess((value) => (value === '' ? undefined : value), z.url().optional());
const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const envSchema = z.object({
  PORT: int(3000, 0, 65535),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: optionalUrl,
  DATA_DIR: z.string().min(1).default('./data'),
  CONTENT_DIR: z.string().min(1).default('./content'),
  DATABASE_URL: optionalUrl,
  DATABASE_POOL_SIZE: int(10, 1, 200),
  REDIS_URL: optionalUrl,
  REDIS_SENTINELS: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .refine(
        (text) => parseSentinels(text) !== undefined,
        'must be host:port pairs separated by commas, such as 10.0.0.1:26379,10.0.0.2:26379',
      )
      .optional(),
  ),
  REDIS_SENTINEL_NAME: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^[^\s,]{1,256}$/, 'must be the master group name the sentinels monitor, such as mymaster')
      .optional(),
  ),
  REDIS_SENTINEL_PASSWORD: optionalText,
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .default('hocvuso'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_SECRET: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -')
      .optional(),
  ),
  TELEGRAM_SEND_RATE: int(25, 1, 10_000),
  // Campaigns (issue 14): messages a second to one chat; paid broadcasts (0 = off) up to 1,000/s.
  TELEGRAM_CHAT_RATE: int(1, 1, 30),
  TELEGRAM_PAID_BROADCAST_RATE: int(0, 0, 1000),
  ZALO_BOT_TOKEN: optionalText,
  ZALO_API_BASE: z.url().default('https://bot-api.zaloplatforms.com'),
  ZALO_WEBHOOK_SECRET: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(8, 'must be 8-256 characters').max(256, 'must be 8-256 characters').optional(),
  ),
  ZALO_SEND_RATE: int(20, 1, 10_000),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: z.url().default('https://api.openai.com/v1'),
  OPENAI_MODEL: z.string().min(1).default('gpt-4.1-mini'),
  AI_DAILY_QUESTIONS_PER_LEARNER: int(20, 0, 10_000),
  AI_DAILY_TOKEN_BUDGET: int(500_000, 0),
  AI_TIMEOUT_MS: int(8000, 1000, 20_000),
  AI_MAX_TOKENS: int(350, 50, 4000),
  AI_MAX_RETRIES: int(2, 0, 5),
  AI_PRICE_INPUT_USD_PER_MTOK: z.coerce.number().min(0).default(0.4),
  AI_PRICE_OUTPUT_USD_PER_MTOK: z.coerce.number().min(0).default(1.6),
  ADMIN_API_KEY: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  TELEGRAM_BOT_USERNAME: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^[A-Za-z0-9_]{5,64}$/, 'must be the bot username without @')
      .optional(),
  ),
  ZALO_BOT_LINK: optionalUrl,
  STATS_PSEUDONYM_KEY: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  TIMEZONE: z
    .string()
    .default('Asia/Ho_Chi_Minh')
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Ho_Chi_Minh'),
  QUIET_HOURS: z
    .string()
    .default('21-7')
    .refine((text) => parseQuietHours(text) !== undefined, 'must be two local hours such as 21-7'),
  // The learning loop (reminders).
  ZALO_REMINDER_WINDOW_HOURS: int(0, 0, 24 * 365),
  WEB_CHAT_MAX_CHARS: int(1000, 1, 100_000),
  WEB_CHAT_SESSION_RATE: int(60, 1),
  WEB_CHAT_CLIENT_RATE: int(600, 1),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 100),
  OUTBOX_LEASE_MS: int(60_000, 1000, 3_600_000),
  ADMIN_API_RATE: int(600, 1),
  SIGN_IN_RATE: int(10, 1),
  METRICS_TOKEN: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  WORKER_HTTP_PORT: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number().int().min(0).max(65535).optional(),
  ),
  TRUST_PROXY: z
    .enum(['', '0', '1', 'false', 'true'], { error: 'must be true or false' })
    .default('')
    .transform((value) => value === '1' || value === 'true'),
});

/** Keys that only make sense together. */
const checkedEnvSchema = envSchema.superRefine((e, ctx) => {
  const needs = (key: keyof Env, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
  if (e.REDIS_SENTINELS && !e.REDIS_SENTINEL_NAME)
    needs('REDIS_SENTINEL_NAME', 'is required with REDIS_SENTINELS (the master group name)');
  if (e.REDIS_SENTINEL_NAME && !e.REDIS_SENTINELS)
    needs('REDIS_SENTINELS', 'is required with REDIS_SENTINEL_NAME (the sentinels to ask)');
  if (e.REDIS_SENTINEL_PASSWORD && !e.REDIS_SENTINELS)
    needs('REDIS_SENTINELS', 'is required with REDIS_SENTINEL_PASSWORD');
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  contentDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Unset: the in-process queue and per-process limits. Set by REDIS_URL and/or REDIS_SENTINELS. */
  redis: RedisTarget | undefined;
  queuePrefix: string;
  logLevel: Env['LOG_LEVEL'];
  telegram:
    | {
        token: string;
        apiRoot: string;
        webhookSecret?: string;
        sendRate: number;
        /** Messages a second to one chat (bulk sends wait for it). */
        chatRate: number;
        /** 0: off; else bulk sends pay for Telegram's paid broadcasts and the bot may send this many a second. */
        paidBroadcastRate: number;
      }
    | undefined;
  zalo: { token: string; apiBase: string; webhookSecret?: string; sendRate: number } | undefined;
  openai: { apiKey: string; baseUrl: string; model: string } | undefined;
  /** AI answers: limits and prices, used with or without a key (see bot/tutor-ai). */
  ai: AiLimits;
  adminApiKey: string | undefined;
  /** Volunteer links and the pseudonymous progress export. */
  staff: { telegramBotUsername?: string; zaloBotLink?: string; pseudonymKey?: string };
  timezone: string;
  /** Local hours (in `timezone`) with no reminders or campaign messages. */
  quietHours: QuietHours;
  /** Reminders: Zalo learners silent longer than this get none (0: no window; Zalo publishes no rule). */
  reminders: { zaloWindowHours: number };
  webChat: { maxChars: number; sessionRatePerMinute: number; clientRatePerMinute: number };
  shutdownTimeoutMs: number;
  /** How long a process may take to send what its turn committed before the outbox sweep takes over. */
  outboxLeaseMs: number;
  /** Trust `X-Forwarded-For` for the client address (only behind your own proxy). */
  trustProxy: boolean;
  /** Per client address and minute: admin API requests, and dashboard sign-ins / volunteer-page opens. */
  rateLimits: { apiPerMinute: number; signInPerMinute: number };
  /** Bearer token GET /metrics requires; unset: /metrics is open on the listen address. */
  metricsToken: string | undefined;
  /** `start:worker` serves /healthz, /readyz and /metrics on this port; unset: no HTTP at all. */
  workerHttpPort: number | undefined;
  /** Every secret value, so the logger can scrub them wherever they appear. */
  secrets: string[];
}

export interface AiLimits {
  /** Questions a learner may ask the model per local day; later ones get the lesson answer. */
  dailyQuestionsPerLearner: number;
  /** Tokens all learners together may spend per local day; a warning at 80%, lesson answers after 100%. */
  dailyTokenBudget: number;
  /** One model request; retries and the whole answer stay within the answer deadline too. */
  timeoutMs: number;
  maxTokens: number;
  maxRetries: number;
  /** US dollars per million tokens, for the estimated cost of each answer. */
  priceInputPerMTok: number;
  priceOutputPerMTok: number;
}

export class ConfigError extends Error {}

/** Reads the environment once. A bad value throws a ConfigError naming the key, never its value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = checkedEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${key} ${issue.message}`);
  }
  const e = parsed.data;
  const secrets = [
    e.TELEGRAM_BOT_TOKEN,
    e.TELEGRAM_WEBHOOK_SECRET,
    e.ZALO_BOT_TOKEN,
    e.ZALO_WEBHOOK_SECRET,
    e.OPENAI_API_KEY,
    e.ADMIN_API_KEY,
    e.STATS_PSEUDONYM_KEY,
    e.METRICS_TOKEN,
    passwordOf(e.DATABASE_URL),
    passwordOf(e.REDIS_URL),
    e.REDIS_SENTINEL_PASSWORD,
  ].filter((value): value is string => Boolean(value));
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir: e.DATA_DIR,
    contentDir: e.CONTENT_DIR,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redis: redisTargetOf(e),
    queuePrefix: e.QUEUE_PREFIX,
    logLevel: e.LOG_LEVEL,
    telegram: e.TELEGRAM_BOT_TOKEN
      ? {
          token: e.TELEGRAM_BOT_TOKEN,
          apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
          webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
          sendRate: e.TELEGRAM_SEND_RATE,
          chatRate: e.TELEGRAM_CHAT_RATE,
          paidBroadcastRate: e.TELEGRAM_PAID_BROADCAST_RATE,
        }
      : undefined,
    zalo: e.ZALO_BOT_TOKEN
      ? {
          token: e.ZALO_BOT_TOKEN,
          apiBase: e.ZALO_API_BASE.replace(/\/+$/, ''),
          webhookSecret: e.ZALO_WEBHOOK_SECRET,
          sendRate: e.ZALO_SEND_RATE,
        }
      : undefined,
    openai: e.OPENAI_API_KEY
      ? { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL }
      : undefined,
    ai: {
      dailyQuestionsPerLearner: e.AI_DAILY_QUESTIONS_PER_LEARNER,
      dailyTokenBudget: e.AI_DAILY_TOKEN_BUDGET,
      timeoutMs: e.AI_TIMEOUT_MS,
      maxTokens: e.AI_MAX_TOKENS,
      maxRetries: e.AI_MAX_RETRIES,
      priceInputPerMTok: e.AI_PRICE_INPUT_USD_PER_MTOK,
      priceOutputPerMTok: e.AI_PRICE_OUTPUT_USD_PER_MTOK,
    },
    adminApiKey: e.ADMIN_API_KEY,
    staff: {
      telegramBotUsername: e.TELEGRAM_BOT_USERNAME,
      zaloBotLink: e.ZALO_BOT_LINK,
      pseudonymKey: e.STATS_PSEUDONYM_KEY,
    },
    timezone: e.TIMEZONE,
    quietHours: parseQuietHours(e.QUIET_HOURS)!,
    reminders: { zaloWindowHours: e.ZALO_REMINDER_WINDOW_HOURS },
    webChat: {
      maxChars: e.WEB_CHAT_MAX_CHARS,
      sessionRatePerMinute: e.WEB_CHAT_SESSION_RATE,
      clientRatePerMinute: e.WEB_CHAT_CLIENT_RATE,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    trustProxy: e.TRUST_PROXY,
    outboxLeaseMs: e.OUTBOX_LEASE_MS,
    metricsToken: e.METRICS_TOKEN,
    rateLimits: { apiPerMinute: e.ADMIN_API_RATE, signInPerMinute: e.SIGN_IN_RATE },
    workerHttpPort: e.WORKER_HTTP_PORT,
    secrets,
  };
}

function redisTargetOf(e: Env): RedisTarget | undefined {
  const sentinels = e.REDIS_SENTINELS ? parseSentinels(e.REDIS_SENTINELS) : undefined;
  if (sentinels && e.REDIS_SENTINEL_NAME) {
    const sentinel = { sentinels, name: e.REDIS_SENTINEL_NAME, password: e.REDIS_SENTINEL_PASSWORD };
    return { url: e.REDIS_URL, sentinel };
  }
  return e.REDIS_URL ? { url: e.REDIS_URL } : undefined;
}

function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
