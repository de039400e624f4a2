import { type Config, loadConfig } from '../../config.ts';
import { createLogger, type Logger, scrub } from '../../logger.ts';

export type Print = (line: string) => void;

export interface CliContext {
  config: Config;
  log: Logger;
  args: string[];
  print: Print;
}

/** Runs a command with config and logger; any failure is one line on stderr (secrets scrubbed) and exit 1. */
export async function runCli(name: string, command: (context: CliContext) => Promise<number>): Promise<void> {
  let secrets: string[] = [];
  try {
    const config = loadConfig();
    secrets = config.secrets;
    const log = createLogger(config.logLevel, secrets);
    const print: Print = (line) => process.stdout.write(`${line}\n`);
    process.exitCode = await command({ config, log, args: process.argv.slice(2), print });
  } catch (error) {
    process.stderr.write(`${name} failed: ${scrub(oneLine(error), secrets)}\n`);
    process.exitCode = 1;
  }
}

export function oneLine(error: unknown): string {
  const e = error as { message?: unknown; code?: unknown; errors?: unknown[] } | null;
  // Node reports a refused connection to every address as an AggregateError with an empty message.
  const message =
    (typeof e?.message === 'string' && e.message) ||
    (Array.isArray(e?.errors) && e.errors.length > 0 ? oneLine(e.errors[0]) : '') ||
    (typeof e?.code === 'string' ? e.code : String(error));
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}
