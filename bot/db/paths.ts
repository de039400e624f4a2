import { appFile } from '../app-files.ts';

/** The repository's Prisma files, found from the app's root so commands work from any working directory. */
export const SCHEMA_PATH = appFile('prisma/schema.prisma');
export const MIGRATIONS_DIR = appFile('prisma/migrations');
