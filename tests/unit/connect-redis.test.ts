import { afterEach, describe, expect, it } from 'vitest';
import { connectRedis } from '../../bot/redis/connect-redis';

// lazyConnect: these only read the options ioredis was given; the end-to-end test connects.
const opened: { disconnect(): void }[] = [];
const open = (...args: Parameters<typeof connectRedis>) => {
  const redis = connectRedis(args[0], { lazyConnect: true, ...args[1] });
  opened.push(redis);
  return redis.options;
};
afterEach(() => {
  for (const redis of opened.splice(0)) redis.disconnect();
});

const sentinel = { sentinels: [{ host: '10.0.0.1', port: 26379 }], name: 'mymaster', password: 'sp' };

describe('connectRedis', () => {
  it('reads a single Redis from the URL, with the caller options', () => {
    const options = open({ url: 'redis://u:pw@10.0.0.9:6380/3' }, { connectionName: 'hocvuso-queue' });
    expect(options).toMatchObject({ host: '10.0.0.9', port: 6380, username: 'u', password: 'pw', db: 3 });
    expect(options).toMatchObject({ connectionName: 'hocvuso-queue' });
    expect(options.sentinels).toBeFalsy();
  });

  it('asks the sentinels, with the password and db from the URL', () => {
    const options = open({ url: 'redis://:master-pw@mymaster/2', sentinel }, { enableOfflineQueue: false });
    expect(options).toMatchObject({
      sentinels: sentinel.sentinels,
      name: 'mymaster',
      sentinelPassword: 'sp',
      password: 'master-pw',
      db: 2,
      enableOfflineQueue: false,
    });
    expect(options.enableTLSForSentinelMode).toBeFalsy();
  });

  it('asks the sentinels without any URL', () => {
    expect(open({ sentinel })).toMatchObject({ sentinels: sentinel.sentinels, name: 'mymaster' });
  });

  it('speaks TLS to the sentinels and the master with rediss://', () => {
    const options = open({ url: 'rediss://:pw@mymaster', sentinel });
    expect(options).toMatchObject({ enableTLSForSentinelMode: true, sentinelTLS: {} });
    expect(options.tls).toBeTruthy();
  });
});
