import { migrateCommand } from '../db/commands/migrate-command.ts';
import { runCli } from '../db/commands/run-cli.ts';

await runCli('db:migrate', ({ config, log, print }) => migrateCommand({ config, log, print }));
