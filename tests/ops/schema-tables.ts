import { readFileSync } from 'node:fs';
import { SCHEMA_PATH } from '../../bot/db/paths';

/** Every table prisma/schema.prisma declares: each model's `@@map` name, or the model name. */
export function schemaTables(): string[] {
  const schema = readFileSync(SCHEMA_PATH, 'utf8');
  return [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map(
    ([, name, body]) => /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? name!,
  );
}
