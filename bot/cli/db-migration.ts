import { migrationCommand } from '../db/commands/migration-command.ts';
import { runCli } from '../db/commands/run-cli.ts';

await runCli('db:migration', ({ args, print }) => migrationCommand({ args, print }));
