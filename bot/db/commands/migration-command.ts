import { join, relative } from 'node:path';
import type { SchemaSources } from '../migrations/check-schema.ts';
import { createMigration } from '../migrations/create-migration.ts';
import type { Print } from './run-cli.ts';

export const MIGRATION_USAGE = 'usage: npm run db:migration -- <name>   (e.g. add_reminders)';

/** `npm run db:migration -- <name>`: writes the migration prisma/schema.prisma still needs. */
export async function migrationCommand(
  options: SchemaSources & { args: string[]; print: Print; now?: Date },
): Promise<number> {
  const name = options.args.find((arg) => !arg.startsWith('-'));
  if (!name) throw new Error(MIGRATION_USAGE);
  const created = await createMigration({ ...options, name });
  if (!created.directory) {
    options.print('no changes: the migrations already build prisma/schema.prisma');
    return 0;
  }
  options.print(`Created ${relative(process.cwd(), join(created.directory, 'migration.sql'))}`);
  return 0;
}
