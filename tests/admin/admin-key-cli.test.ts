import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKeys } from '../../bot/admin/api-keys';
import { describeWithServices } from '../helpers/services';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const run = promisify(execFile);
const adminKey = (database: TestDatabase, args: string[]) =>
  run('npx', ['tsx', 'bot/cli/admin-key.ts', ...args], {
    env: { ...process.env, DATABASE_URL: database.url!, LOG_LEVEL: 'silent' },
  });

describeWithServices('npm run admin:key', { postgres: true }, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(() => database?.drop());

  it('creates a key, prints it once, stores only its hash', { timeout: 60_000 }, async () => {
    const { stdout } = await adminKey(database, [
      '--role',
      'supervisor',
      '--name',
      'Sở KH&CN Nghệ An',
      '--provinces',
      'Nghệ An,hue',
    ]);
    const key = stdout.trim().split('\n').at(-1)!;
    expect(key).toMatch(/^hv_[A-Za-z0-9_-]{43}$/);
    const principal = await createApiKeys({ prisma: database.db.prisma }).authenticate(key);
    expect(principal).toMatchObject({
      role: 'supervisor',
      name: 'Sở KH&CN Nghệ An',
      provinces: ['nghe-an', 'hue'],
    });
    const stored = await database.db.prisma.apiKey.findMany();
    expect(JSON.stringify(stored)).not.toContain(key.slice(9));
    const audit = await database.db.prisma.auditLog.findMany();
    expect(audit.map((a) => `${a.actor} ${a.action}`)).toEqual(['cli key.create']);
  });

  // Three process starts (tsx), slow on a busy machine.
  it('refuses a bad role or a province for a non-supervisor, with a usage line', {
    timeout: 120_000,
  }, async () => {
    await expect(adminKey(database, ['--role', 'root', '--name', 'x'])).rejects.toMatchObject({
      stderr: expect.stringContaining('usage: npm run admin:key'),
    });
    await expect(
      adminKey(database, ['--role', 'staff', '--name', 'x', '--provinces', 'hue']),
    ).rejects.toMatchObject({ code: 1 });
    await expect(
      adminKey(database, ['--role', 'supervisor', '--name', 'x', '--provinces', 'Atlantis']),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('unknown province') });
  });
});
