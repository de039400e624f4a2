import type { PrismaClient } from '../db/generated/client.ts';
import type { Principal, StaffRole } from './principal';
import { newSecret, sameSecret, sha256 } from './secrets';

export interface ApiKeyRecord {
  id: number;
  name: string;
  role: StaffRole;
  provinces: string[];
  prefix: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiKeys {
  /** Returns the key itself once; only its hash is kept. */
  create(input: { name: string; role: StaffRole; provinces: string[]; createdBy: string }): Promise<{
    key: string;
    record: ApiKeyRecord;
  }>;
  list(): Promise<ApiKeyRecord[]>;
  revoke(id: number): Promise<ApiKeyRecord | undefined>;
  /** The principal for a presented key, or undefined for an unknown or revoked one. */
  authenticate(key: string): Promise<Principal | undefined>;
}

const PUBLIC_FIELDS = {
  id: true,
  name: true,
  role: true,
  provinces: true,
  prefix: true,
  createdBy: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

/** Last-used times are kept to the minute so busy keys do not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function createApiKeys(deps: { prisma: PrismaClient; bootstrapKey?: string }): ApiKeys {
  const { prisma } = deps;
  return {
    async create(input) {
      const key = newSecret('hv_');
      const record = await prisma.apiKey.create({
        data: { ...input, hash: sha256(key), prefix: key.slice(0, 9) },
        select: PUBLIC_FIELDS,
      });
      return { key, record };
    },
    list: () => prisma.apiKey.findMany({ orderBy: { id: 'asc' }, select: PUBLIC_FIELDS }),
    async revoke(id) {
      const found = await prisma.apiKey.findUnique({ where: { id }, select: PUBLIC_FIELDS });
      if (!found) return undefined;
      if (found.revokedAt) return found;
      return prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() }, select: PUBLIC_FIELDS });
    },
    async authenticate(key) {
      if (deps.bootstrapKey && sameSecret(key, deps.bootstrapKey))
        return { role: 'admin', name: 'ADMIN_API_KEY', provinces: [] };
      const found = await prisma.apiKey.findUnique({ where: { hash: sha256(key) } });
      if (!found || found.revokedAt) return undefined;
      const now = Date.now();
      if (!found.lastUsedAt || now - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS)
        await prisma.apiKey.update({ where: { id: found.id }, data: { lastUsedAt: new Date(now) } });
      return { role: found.role, name: found.name, keyId: found.id, provinces: found.provinces };
    },
  };
}
