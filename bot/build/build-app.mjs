// `npm start` runs the app compiled ahead by esbuild (dist/), not through a TypeScript loader: the
// loader (tsx) runs on a thread of its own in the server process and held about 45 MB for good.
// Run by the `prestart` scripts, the test suites' global setup and the benches; takes about a second.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = join(root, 'dist');

/** Writes dist/main.mjs and dist/migrate-child.mjs; each file is replaced whole (a process starting meanwhile reads the old or the new one). */
export async function buildApp() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: 'bot/main.ts', 'migrate-child': 'bot/db/migrations/migrate-child.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Packages stay in node_modules, loaded as Node loads them (their own files, WebAssembly, fonts).
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(DIST, { recursive: true });
  const suffix = `.${process.pid}.tmp`;
  for (const file of result.outputFiles) {
    writeFileSync(file.path + suffix, file.contents);
    renameSync(file.path + suffix, file.path);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildApp().catch((error) => {
    console.error(`The build failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
