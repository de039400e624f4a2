import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Equal-length digests, so neither the content nor the length of the secret leaks through timing. */
export function secretMatcher(secret: string): (given: unknown) => boolean {
  const expected = createHash('sha256').update(secret).digest();
  return (given) =>
    typeof given === 'string' && timingSafeEqual(createHash('sha256').update(given).digest(), expected);
}

/**
 * The one webhook secret check (an `onRequest` hook): a request without the platform's secret
 * header is refused with 401 before its body is read, and its connection is closed.
 */
export function requireSecretHeader(header: string, secret: string) {
  const matches = secretMatcher(secret);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!matches(request.headers[header])) {
      return reply
        .code(401)
        .header('connection', 'close')
        .send({ error: 'unauthorized', message: 'Không có quyền truy cập. / Unauthorized.' });
    }
  };
}
