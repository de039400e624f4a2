import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db/generated/client';

export interface CertificateRecord {
  code: string;
  name: string;
  courseId: string;
  issuedAt: Date;
  revokedAt: Date | null;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** 128 random bits in lower-case base32 (26 characters): unguessable, safe in a URL, easy to read aloud. */
export function newCode(): string {
  const bytes = randomBytes(17);
  let bits = 0;
  let value = 0;
  let code = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && code.length < 26) {
      code += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return code;
}

/** A well-formed code (anything else is a 404 without a database lookup). */
export const CODE_PATTERN = /^[a-z2-7]{26}$/;

/**
 * One certificate per learner and course: issued once, its code kept for ever after (a repeated job
 * or a course finished again returns the same one, with the name the learner confirmed last).
 */
export async function issueCertificate(
  prisma: Pick<PrismaClient, 'certificate'>,
  input: { learnerId: number; courseId: string; name: string; at: Date },
): Promise<CertificateRecord> {
  return prisma.certificate.upsert({
    where: { learnerId_courseId: { learnerId: input.learnerId, courseId: input.courseId } },
    create: {
      code: newCode(),
      learnerId: input.learnerId,
      courseId: input.courseId,
      name: input.name,
      issuedAt: input.at,
    },
    update: { name: input.name },
    select: { code: true, name: true, courseId: true, issuedAt: true, revokedAt: true },
  });
}

export async function findCertificate(
  prisma: Pick<PrismaClient, 'certificate'>,
  code: string,
): Promise<CertificateRecord | null> {
  if (!CODE_PATTERN.test(code)) return null;
  return prisma.certificate.findUnique({
    where: { code },
    select: { code: true, name: true, courseId: true, issuedAt: true, revokedAt: true },
  });
}
