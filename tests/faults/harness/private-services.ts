import { existsSync } from 'node:fs';
import { describe } from 'vitest';

const missing = [
  existsSync('/usr/bin/redis-server') || existsSync('/usr/local/bin/redis-server')
    ? undefined
    : 'redis-server',
  existsSync('/usr/lib/postgresql') ? undefined : 'PostgreSQL server binaries (/usr/lib/postgresql/*/bin)',
].filter(Boolean);

/**
 * Fault scenarios run their own Redis and PostgreSQL (never the shared ones): skipped with the
 * reason when the server binaries are not installed, failing under REQUIRE_SERVICES=1.
 */
export function describeWithPrivateServices(name: string, body: () => void): void {
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  if (process.env.REQUIRE_SERVICES === '1')
    throw new Error(`REQUIRE_SERVICES=1 but ${missing.join(' and ')} is not installed`);
  describe.skip(`${name} (skipped: needs ${missing.join(' and ')})`, body);
}
