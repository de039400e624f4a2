import { checkSchema, type SchemaSources } from '../migrations/check-schema.ts';
import type { Print } from './run-cli.ts';

/** `npm run db:check`: 1 when prisma/schema.prisma needs SQL that no migration contains. */
export async function checkCommand(options: SchemaSources & { print: Print }): Promise<number> {
  const diff = await checkSchema(options);
  if (!diff.changed) {
    options.print('The migrations match prisma/schema.prisma');
    return 0;
  }
  options.print('prisma/schema.prisma differs from the migrations; run `npm run db:migration -- <name>`.');
  options.print('Missing SQL:');
  options.print(diff.sql.trimEnd());
  return 1;
}
