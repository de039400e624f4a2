import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZaloReceiver } from './zalo-receiver';
import { parseZaloUpdate } from './zalo-update';

export const ZALO_WEBHOOK_PATH = '/webhooks/zalo';
const SECRET_HEADER = 'x-bot-api-secret-token';

/** Equal-length digests, so neither the content nor the length of the secret leaks through timing. */
export function secretMatcher(secret: string): (given: unknown) => boolean {
  const expected = createHash('sha256').update(secret).digest();
  return (given) =>
    typeof given === 'string' && timingSafeEqual(createHash('sha256').update(given).digest(), expected);
}

/**
 * POST /webhooks/zalo: the secret is checked before the body is read (onRequest), the update is
 * validated, recorded by intake and answered at once; the turn runs afterwards.
 */
export function zaloWebhookRoute(
  server: FastifyInstance,
  deps: { secret: string; receiver: ZaloReceiver },
): void {
  const matches = secretMatcher(deps.secret);
  async function verify(request: FastifyRequest, reply: FastifyReply) {
    if (!matches(request.headers[SECRET_HEADER])) {
      return reply
        .code(401)
        .header('connection', 'close')
        .send({ error: 'unauthorized', message: 'Không có quyền truy cập. / Unauthorized.' });
    }
  }
  server.post(ZALO_WEBHOOK_PATH, { onRequest: verify, schema: { hide: true } }, async (request, reply) => {
    const parsed = parseZaloUpdate(request.body);
    if (!parsed.ok) {
      return reply.code(400).send({
        error: 'bad_request',
        message: `Yêu cầu không hợp lệ. / The request is not valid. (${parsed.error})`,
      });
    }
    const received = await deps.receiver.handle(parsed.update);
    return { ok: true, received };
  });
}
