import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Update } from 'grammy/types';

export const TELEGRAM_WEBHOOK_PATH = '/webhooks/telegram';
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/**
 * Telegram's webhook. The secret is checked before the body is even read; the handler only maps and
 * records the update (the turn runs later), so Telegram gets its 200 in milliseconds. A non-2xx makes
 * Telegram redeliver, which is what we want when recording failed.
 */
export function telegramWebhookRoute(
  server: FastifyInstance,
  deps: { secret: string; handle: (update: Update) => Promise<void> },
): void {
  const expected = digest(deps.secret);
  const verify = async (request: FastifyRequest, reply: FastifyReply) => {
    const given = request.headers['x-telegram-bot-api-secret-token'];
    // Comparing fixed-length digests keeps the comparison constant-time whatever was sent.
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
      return reply
        .status(401)
        .send({ error: 'unauthorized', message: 'Không có quyền truy cập. / Unauthorized.' });
    }
  };
  server.post(
    TELEGRAM_WEBHOOK_PATH,
    { onRequest: verify, bodyLimit: 256 * 1024, schema: { hide: true } },
    async (request, reply) => {
      const update = request.body;
      if (!isUpdate(update)) {
        return reply.status(400).send({
          error: 'bad_request',
          message: 'Không phải một update của Telegram. / Not a Telegram update.',
        });
      }
      await deps.handle(update);
      return reply.status(200).send();
    },
  );
}

function isUpdate(body: unknown): body is Update {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const id = (body as { update_id?: unknown }).update_id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
