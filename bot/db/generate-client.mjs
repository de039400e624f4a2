// Generates the Prisma client when it is missing or older than the schema. The CLI insists on a
// schema-engine binary it cannot download offline, and `generate` never uses it: hence /bin/true.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemaPath = join(root, 'prisma', 'schema.prisma');
const stampPath = join(root, 'bot', 'db', 'generated', '.schema-hash');
const hash = createHash('sha256').update(readFileSync(schemaPath)).digest('hex');
const force = process.argv.includes('--force');

if (force || !existsSync(stampPath) || readFileSync(stampPath, 'utf8') !== hash) {
  const prisma = join(root, 'node_modules', 'prisma', 'build', 'index.js');
  execFileSync(process.execPath, [prisma, 'generate', '--config', join(root, 'prisma', 'prisma.config.ts')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  writeFileSync(stampPath, hash);
}
