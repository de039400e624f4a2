import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot/config';

describe('loadConfig', () => {
  it('gives the embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      publicUrl: 'http://localhost:3000',
      dataDir: './data',
      databaseUrl: undefined,
      redis: undefined,
      telegram: undefined,
      zalo: undefined,
      openai: undefined,
      timezone: 'Asia/Ho_Chi_Minh',
    });
  });

  it('turns channels on with their tokens and keeps every secret for the log scrubber', () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: '123:tele-secret',
      TELEGRAM_WEBHOOK_SECRET: 'hook_secret-1',
      ZALO_BOT_TOKEN: '456:zalo-secret',
      DATABASE_URL: 'postgresql://u:db-password@127.0.0.1:5432/x',
      PUBLIC_URL: 'https://bot.example.vn/',
    });
    expect(config.telegram).toMatchObject({
      token: '123:tele-secret',
      apiRoot: 'https://api.telegram.org',
      webhookSecret: 'hook_secret-1',
    });
    expect(config.zalo?.apiBase).toBe('https://bot-api.zaloplatforms.com');
    expect(config.publicUrl).toBe('https://bot.example.vn');
    expect(config.secrets).toEqual(
      expect.arrayContaining(['123:tele-secret', 'hook_secret-1', '456:zalo-secret', 'db-password']),
    );
  });

  it('gives AI answer limits with or without a key, and reads them from the environment', () => {
    expect(loadConfig({}).ai).toEqual({
      dailyQuestionsPerLearner: 20,
      dailyTokenBudget: 500_000,
      timeoutMs: 8000,
      maxTokens: 350,
      maxRetries: 2,
      priceInputPerMTok: 0.4,
      priceOutputPerMTok: 1.6,
    });
    const config = loadConfig({
      OPENAI_API_KEY: 'sk-secret-key',
      AI_DAILY_QUESTIONS_PER_LEARNER: '5',
      AI_DAILY_TOKEN_BUDGET: '1000',
      AI_TIMEOUT_MS: '3000',
    });
    expect(config.ai).toMatchObject({ dailyQuestionsPerLearner: 5, dailyTokenBudget: 1000, timeoutMs: 3000 });
    expect(config.openai).toEqual({
      apiKey: 'sk-secret-key',
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-4.1-mini',
    });
    expect(config.secrets).toContain('sk-secret-key');
  });

  it.each([
    [{ AI_TIMEOUT_MS: '60000' }, /^Invalid configuration: AI_TIMEOUT_MS /],
    [{ AI_DAILY_TOKEN_BUDGET: 'lots' }, /^Invalid configuration: AI_DAILY_TOKEN_BUDGET /],
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT /],
    [{ PORT: '70000' }, /^Invalid configuration: PORT /],
    [{ DATABASE_URL: 'not a url' }, /^Invalid configuration: DATABASE_URL /],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL /],
    [{ TIMEZONE: 'Mars/Olympus' }, /^Invalid configuration: TIMEZONE must be an IANA time zone/],
    [
      { TELEGRAM_WEBHOOK_SECRET: 'has spaces and $ymbols' },
      /^Invalid configuration: TELEGRAM_WEBHOOK_SECRET must be 1-256 characters/,
    ],
    [
      { ZALO_WEBHOOK_SECRET: 'short' },
      /^Invalid configuration: ZALO_WEBHOOK_SECRET must be 8-256 characters/,
    ],
    [{ ADMIN_API_KEY: 'tiny' }, /^Invalid configuration: ADMIN_API_KEY must be at least 16 characters/],
  ])('rejects %j with one line naming the key', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never puts a secret value in the error', () => {
    try {
      loadConfig({ TELEGRAM_WEBHOOK_SECRET: 'super secret value!' });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('super secret');
    }
  });
});
