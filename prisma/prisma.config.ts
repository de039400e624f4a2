import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI only (generate, studio). The app builds its own connection from config.
export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/unused' },
});
