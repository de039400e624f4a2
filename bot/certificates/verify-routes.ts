import type { FastifyPluginAsync } from 'fastify';
import type { Catalog } from '../content/catalog';
import type { PrismaClient } from '../db/generated/client';
import { inlinePageHelmet } from '../server/security-headers';
import { type CertificateRecord, findCertificate } from './certificate-store';
import { renderCertificatePng } from './render-certificate';
import { notFoundPage, verifyPage } from './verify-page';

export interface VerifyDeps {
  prisma: Pick<PrismaClient, 'certificate'>;
  catalog: Catalog;
  timeZone: string;
  publicUrl: string;
}

/** "05/12/2026" in the time zone of the program. */
export function issueDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(at);
}

/**
 * `GET /verify/:code`: a small public page (name, course, date, valid or revoked, nothing else about
 * the learner) and `GET /verify/:code.png`, the certificate image. Codes are 128 random bits, so
 * they cannot be guessed or listed; an unknown or malformed code is a 404 that says nothing more.
 */
export function verifyRoutes(deps: VerifyDeps): FastifyPluginAsync {
  return async (server) => {
    server.get<{ Params: { code: string } }>(
      '/verify/:code',
      // Every page here has the same inline stylesheet: its hash, from one of them, allows it.
      { schema: { hide: true }, helmet: inlinePageHelmet(notFoundPage) },
      async (request, reply) => {
        const raw = request.params.code;
        const image = raw.endsWith('.png');
        const found = await findCertificate(deps.prisma, image ? raw.slice(0, -4) : raw);
        reply.header('x-robots-tag', 'noindex').header('referrer-policy', 'no-referrer');
        if (!found)
          return reply
            .code(404)
            .type('text/html; charset=utf-8')
            .header('cache-control', 'no-store')
            .send(notFoundPage);
        const facts = describe(found);
        if (image)
          return reply
            .type('image/png')
            .header('cache-control', 'public, max-age=3600')
            .send(await renderCertificatePng(facts));
        // No caching: a revocation shows at once.
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(
            verifyPage({
              ...facts,
              courseEn: course(found)?.en,
              revoked: found.revokedAt !== null,
              imageUrl: `/verify/${found.code}.png`,
            }),
          );
      },
    );
  };

  function course(found: CertificateRecord) {
    return deps.catalog.course(found.courseId)?.title;
  }

  function describe(found: CertificateRecord) {
    return {
      name: found.name,
      course: course(found)?.vi ?? found.courseId,
      date: issueDate(found.issuedAt, deps.timeZone),
      verifyUrl: `${deps.publicUrl}/verify/${found.code}`,
    };
  }
}
