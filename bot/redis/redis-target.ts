/** How to reach Redis, built once from the environment (bot/config.ts). */
export interface RedisTarget {
  /** REDIS_URL as ioredis reads it; with `sentinel` only its user, password, db and `rediss://` count. */
  url?: string;
  /** Redis Sentinel: ask these sentinels where the master of group `name` is now. */
  sentinel?: { sentinels: SentinelAddress[]; name: string; password?: string };
}

export interface SentinelAddress {
  host: string;
  port: number;
}

const hostPort = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

/** `host1:26379,host2:26379` (IPv6 in brackets); undefined when any entry is not a host:port. */
export function parseSentinels(text: string): SentinelAddress[] | undefined {
  const addresses: SentinelAddress[] = [];
  for (const entry of text.split(',')) {
    const match = hostPort.exec(entry.trim());
    const port = Number(match?.[3]);
    if (!match || port < 1 || port > 65535) return undefined;
    addresses.push({ host: (match[1] ?? match[2])!, port });
  }
  return addresses;
}
