import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { requireSharedStorage } from '../../bot/shared-storage';

const SENTINELS = { REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2:26379', REDIS_SENTINEL_NAME: 'mymaster' };

describe('loadConfig: Redis', () => {
  it('has no Redis without REDIS_URL or REDIS_SENTINELS, and the URL alone as before', () => {
    expect(loadConfig({}).redis).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({
      url: 'redis://127.0.0.1:6379',
    });
  });

  it('reads the sentinels (spaces, host names, IPv6 in brackets) and the master group name', () => {
    const config = loadConfig({
      REDIS_SENTINELS: ' 10.0.0.1:26379 , sentinel-2.internal:26380,[fd00::3]:26379',
      REDIS_SENTINEL_NAME: 'mymaster',
    });
    expect(config.redis).toEqual({
      url: undefined,
      sentinel: {
        name: 'mymaster',
        password: undefined,
        sentinels: [
          { host: '10.0.0.1', port: 26379 },
          { host: 'sentinel-2.internal', port: 26380 },
          { host: 'fd00::3', port: 26379 },
        ],
      },
    });
  });

  it('keeps REDIS_URL beside the sentinels (it carries the password, db and rediss://)', () => {
    const config = loadConfig({ ...SENTINELS, REDIS_URL: 'rediss://:master-password@mymaster/2' });
    expect(config.redis?.url).toBe('rediss://:master-password@mymaster/2');
    expect(config.redis?.sentinel?.name).toBe('mymaster');
  });

  it.each([
    'sentinel-1',
    'sentinel-1:',
    ':26379',
    'sentinel-1:0',
    'sentinel-1:65536',
    'sentinel-1:26379,',
    'a:26379,,b:26379',
    'redis://sentinel-1:26379',
    'fd00::3:26379',
    'sentinel 1:26379',
  ])('rejects the sentinel list %j with one line naming the key', (list) => {
    const load = () => loadConfig({ REDIS_SENTINELS: list, REDIS_SENTINEL_NAME: 'mymaster' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      /^Invalid configuration: REDIS_SENTINELS must be host:port pairs separated by commas/,
    );
  });

  it.each([
    [
      { REDIS_SENTINELS: SENTINELS.REDIS_SENTINELS },
      /^Invalid configuration: REDIS_SENTINEL_NAME is required/,
    ],
    [{ REDIS_SENTINEL_NAME: 'mymaster' }, /^Invalid configuration: REDIS_SENTINELS is required/],
    [{ REDIS_SENTINEL_PASSWORD: 'sentinel-pass' }, /^Invalid configuration: REDIS_SENTINELS is required/],
    [{ REDIS_URL: 'redis://x:6379', REDIS_SENTINEL_NAME: 'mymaster' }, /REDIS_SENTINELS is required/],
    [{ ...SENTINELS, REDIS_SENTINEL_NAME: 'my master' }, /REDIS_SENTINEL_NAME must be the master group name/],
  ])('rejects %j: the sentinel keys go together', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('keeps the sentinel and master passwords as secrets, scrubbed from every log line', () => {
    const config = loadConfig({
      ...SENTINELS,
      REDIS_URL: 'redis://default:master-pass%2Fword@mymaster/0',
      REDIS_SENTINEL_PASSWORD: 'sentinel-pass-word',
    });
    expect(config.redis?.sentinel?.password).toBe('sentinel-pass-word');
    expect(config.secrets).toEqual(expect.arrayContaining(['sentinel-pass-word', 'master-pass/word']));
    let out = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        out += String(chunk);
        done();
      },
    });
    const log = createLogger('info', config.secrets, sink);
    log.warn({ redis: config.redis }, 'redis connection error');
    expect(out).toContain('mymaster');
    expect(out).not.toContain('sentinel-pass-word');
    expect(out).not.toContain('master-pass');
  });

  it('never puts the sentinel list in the error', () => {
    try {
      loadConfig({ REDIS_SENTINELS: 'user:sentinel-secret@host:26379', REDIS_SENTINEL_NAME: 'mymaster' });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('sentinel-secret');
    }
  });
});

describe('a bot or worker process alone', () => {
  const database = { DATABASE_URL: 'postgresql://u@127.0.0.1:5432/x' };

  it('may reach Redis through the sentinels instead of REDIS_URL', () => {
    expect(() => requireSharedStorage(loadConfig({ ...database, ...SENTINELS }), 'worker')).not.toThrow();
    expect(() =>
      requireSharedStorage(loadConfig({ ...database, REDIS_URL: 'redis://r:6379' }), 'bot'),
    ).not.toThrow();
  });

  it('refuses to start without the database or Redis', () => {
    expect(() => requireSharedStorage(loadConfig(database), 'bot')).toThrow(
      /^Invalid configuration: DATABASE_URL and REDIS_URL are required to run the bot role alone/,
    );
    expect(() => requireSharedStorage(loadConfig(SENTINELS), 'worker')).toThrow(ConfigError);
    expect(() => requireSharedStorage(loadConfig({}), 'all')).not.toThrow();
  });
});
