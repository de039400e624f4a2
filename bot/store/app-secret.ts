import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db/generated/client.ts';

/**
 * A 32-byte key the app makes on first use and keeps in the database, so every process (and every
 * restart) signs and checks with the same one. The first process to insert it wins.
 */
export async function loadAppSecret(prisma: PrismaClient, name: string): Promise<Buffer> {
  await prisma.appSecret.createMany({ data: [{ name, value: randomBytes(32) }], skipDuplicates: true });
  const row = await prisma.appSecret.findUniqueOrThrow({ where: { name } });
  return Buffer.from(row.value);
}
