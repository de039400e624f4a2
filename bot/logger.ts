import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * The one logger. Bot tokens sit inside Bot API URLs and API keys in headers, so both the
 * known secret-bearing fields and any string that looks like a token are redacted.
 */
export function createLogger(level: string, secrets: string[] = []): Logger {
  const live = secrets.filter((secret) => secret.length >= 6);
  return pino({
    level,
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
      streamWrite: (line) => (live.length === 0 ? line : scrub(line, live)),
    },
  });
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
