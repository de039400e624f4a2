import { fileURLToPath } from 'node:url';

/** The repository's Prisma files, found from this file so commands work from any working directory. */
export const SCHEMA_PATH = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url));
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
