import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTarget, migrateCommand } from '../../bot/db/commands/migrate-command.ts';
import { oneLine } from '../../bot/db/commands/run-cli.ts';
import { createLogger } from '../../bot/logger.ts';
import { describeWithServices } from '../helpers/services.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { repoMigrationNames } from './temp-migrations.ts';

const root = join(import.meta.dirname, '..', '..');

function runCli(script: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    timeout: 30_000,
  });
}

describe('db:migrate', () => {
  it('migrates the embedded database in DATA_DIR and says what it applied', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hocvuso-cli-'));
    try {
      const lines: string[] = [];
      const options = { config: { databaseUrl: undefined, dataDir }, log: createLogger('silent') };
      expect(await migrateCommand({ ...options, print: (line) => lines.push(line) })).toBe(0);
      expect(await migrateCommand({ ...options, print: (line) => lines.push(line) })).toBe(0);
      const names = await repoMigrationNames();
      const target = `the embedded database in ${join(dataDir, 'pglite')}`;
      expect(lines).toEqual([
        `Applied ${names.length} migration(s) to ${target}: ${names.join(', ')}`,
        `No pending migrations in ${target}`,
      ]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('names a PostgreSQL target without its credentials', () => {
    const target = describeTarget({
      databaseUrl: 'postgresql://tutor:s3cret-pass@db.example:5433/hoc',
      dataDir: '.',
    });
    expect(target).toBe('PostgreSQL database "hoc" on db.example:5433');
  });

  it('fails with one line on stderr, exit 1 and no secret when the server is unreachable', () => {
    const run = runCli('bot/cli/db-migrate.ts', {
      DATABASE_URL: 'postgresql://tutor:s3cret-pass@127.0.0.1:9/hoc',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^db:migrate failed: \S.*\n$/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr + run.stdout).not.toContain('s3cret-pass');
  }, 30_000);

  it('turns multi-line and empty-message errors into one line', () => {
    expect(oneLine(new Error('first\n\n  second  '))).toBe('first second');
    expect(oneLine(new AggregateError([new Error('connect ECONNREFUSED')], ''))).toBe('connect ECONNREFUSED');
  });
});

describeWithServices('db:migrate on PostgreSQL', { postgres: true }, () => {
  it('applies to DATABASE_URL, prints what it applied and exits promptly', async () => {
    const t = await createTestDatabase('postgres', { migrate: false });
    try {
      const started = performance.now();
      const run = runCli('bot/cli/db-migrate.ts', { DATABASE_URL: t.url! });
      const elapsed = performance.now() - started;
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const names = await repoMigrationNames();
      const target = describeTarget({ databaseUrl: t.url, dataDir: '.' });
      expect(run.stdout).toBe(`Applied ${names.length} migration(s) to ${target}: ${names.join(', ')}\n`);
      // The schema engine leaves a 10 s timer armed; it must not hold a finished command open.
      expect(elapsed).toBeLessThan(8000);
    } finally {
      await t.drop();
    }
  }, 30_000);
});
