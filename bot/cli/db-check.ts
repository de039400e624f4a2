import { checkCommand } from '../db/commands/check-command.ts';
import { runCli } from '../db/commands/run-cli.ts';

await runCli('db:check', ({ print }) => checkCommand({ print }));
