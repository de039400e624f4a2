import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The app's root folder (where package.json is), found from this module whether it runs from the
 * sources or from the build in dist/: files that ship beside the code (pages, the schema and its
 * migrations) are read from there.
 */
export const APP_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A file of the app by its path from the root, as in the repository: `appFile('bot', 'x.html')`. */
export function appFile(...parts: string[]): string {
  return join(APP_ROOT, ...parts);
}

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
