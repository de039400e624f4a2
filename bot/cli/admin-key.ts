import { parseArgs } from 'node:util';
import { createApiKeys } from '../admin/api-keys.ts';
import { createAuditLog } from '../admin/audit-log.ts';
import { STAFF_ROLES, type StaffRole } from '../admin/principal.ts';
import { provinceCode } from '../admin/scope-filters.ts';
import { loadContent } from '../content/load-content.ts';
import { runCli } from '../db/commands/run-cli.ts';
import { openDatabase } from '../db/open-database.ts';

const USAGE = 'usage: npm run admin:key -- --role <admin|staff|supervisor> --name <name> [--provinces a,b]';

/** Creates a staff API key from the shell and prints it once (only its hash is stored). */
await runCli('admin:key', async ({ config, log, args, print }) => {
  const { values } = parseArgs({
    args,
    options: { role: { type: 'string' }, name: { type: 'string' }, provinces: { type: 'string' } },
  });
  const role = values.role as StaffRole;
  const name = values.name?.trim();
  if (!STAFF_ROLES.includes(role) || !name) throw new Error(USAGE);
  const wanted = (values.provinces ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (wanted.length > 0 && role !== 'supervisor') throw new Error('only supervisor keys take --provinces');
  const content = await loadContent(config.contentDir);
  if (!content.ok) throw new Error(`the content in ${config.contentDir} is invalid (npm run content:check)`);
  const provinces = wanted.map((p) => {
    const code = provinceCode(content.catalog, p);
    if (!code) throw new Error(`unknown province "${p}": use a name or code from content/provinces.yaml`);
    return code;
  });
  const db = await openDatabase({ ...config, poolSize: 1, log });
  try {
    await db.migrate();
    const { key, record } = await createApiKeys({ prisma: db.prisma }).create({
      name,
      role,
      provinces,
      createdBy: 'cli',
    });
    await createAuditLog(db.prisma).record({
      actor: 'cli',
      action: 'key.create',
      target: `key:${record.id}`,
      details: { name, role, provinces },
    });
    print(
      `Created ${role} key #${record.id} "${name}"${provinces.length ? ` for ${provinces.join(', ')}` : ''}.`,
    );
    print('Keep it safe: it is shown only this once.');
    print(key);
    return 0;
  } finally {
    await db.close();
  }
});
