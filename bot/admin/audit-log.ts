import type { Prisma, PrismaClient } from '../db/generated/client.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string;
  details?: Prisma.InputJsonValue;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  list(options: {
    limit: number;
    beforeId?: bigint;
  }): Promise<
    { id: string; at: Date; actor: string; action: string; target: string | null; details: unknown }[]
  >;
}

export function createAuditLog(prisma: PrismaClient): AuditLog {
  return {
    async record(entry) {
      await prisma.auditLog.create({ data: entry });
    },
    async list({ limit, beforeId }) {
      const rows = await prisma.auditLog.findMany({
        where: beforeId === undefined ? {} : { id: { lt: beforeId } },
        orderBy: { id: 'desc' },
        take: limit,
      });
      return rows.map((row) => ({ ...row, id: row.id.toString() }));
    },
  };
}
