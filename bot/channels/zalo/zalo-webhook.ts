import type { FastifyInstance } from 'fastify';
import { requireSecretHeader } from '../core/secret-check';
import type { ZaloReceiver } from './zalo-receiver';
import { parseZaloUpdate } from './zalo-update';

export const ZALO_WEBHOOK_PATH = '/webhooks/zalo';
const SECRET_HEADER = 'x-bot-api-secret-token';

/**
 * POST /webhooks/zalo: the secret is checked before the body is read (onRequest), the update is
 * validated, recorded by intake and answered at once; the turn runs afterwards.
 */
export function zaloWebhookRoute(
  server: FastifyInstance,
  deps: { secret: string; receiver: ZaloReceiver },
): void {
  const verify = requireSecretHeader(SECRET_HEADER, deps.secret);
  // Zalo's servers read the answer, not a browser: no browser security headers (helmet builds
  // them anew for every request, a cost paid on every update).
  const options = { onRequest: verify, schema: { hide: true }, helmet: false } as const;
  server.post(ZALO_WEBHOOK_PATH, options, async (request, reply) => {
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
