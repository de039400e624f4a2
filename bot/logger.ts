import { createHash, createHmac } from 'node:crypto';
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/** Fields that name a person on a platform (chat and user ids): logged only as a keyed hash. */
const PERSON_FIELDS = ['chatId', 'userId', 'platformUserId', 'chat_id', 'user_id'];

/**
 * A short keyed hash of a chat or user id: the same id always gives the same reference, so one
 * conversation can be followed through the logs, but the id cannot be read back (Telegram ids are
 * small numbers; without the key they cannot be tried one by one either).
 */
export function personRef(key: Buffer, id: unknown): string {
  return `#${createHmac('sha256', key).update(String(id)).digest('hex').slice(0, 12)}`;
}

/** The key of `personRef`: derived from the app's secrets (bot tokens), so it is stable and private. */
export function personRefKey(secrets: string[]): Buffer {
  return createHash('sha256')
    .update(['hocvuso log ids', ...secrets].join('\0'))
    .digest();
}

/**
 * The one logger. Bot tokens sit inside Bot API URLs and API keys in headers, so both the
 * known secret-bearing fields and any string that looks like a token are redacted; chat and user
 * ids are written as `personRef` hashes.
 */
export function createLogger(level: string, secrets: string[] = [], destination?: DestinationStream): Logger {
  const live = secrets.filter((secret) => secret.length >= 6);
  const key = personRefKey(live);
  const ref = (id: unknown) => (id === undefined || id === null ? id : personRef(key, id));
  const options = {
    level,
    serializers: Object.fromEntries(PERSON_FIELDS.map((field) => [field, ref])),
    redact: {
      paths: [
        'token',
        '*.token',
        'apiKey',
        '*.apiKey',
        'authorization',
        '*.authorization',
        'headers.authorization',
        'req.headers.authorization',
        'req.headers["x-telegram-bot-api-secret-token"]',
        'req.headers["x-bot-api-secret-token"]',
        'config.headers',
        'err.config',
        'err.request',
      ],
      censor: '[redacted]',
    },
    hooks: {
      streamWrite: (line: string) => (live.length === 0 ? line : scrub(line, live)),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Replaces every occurrence of a secret (raw or URL-encoded) by a marker. */
export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      out = out.split(form).join('[redacted]');
    }
  }
  return out;
}
