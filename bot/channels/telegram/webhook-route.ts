import type { FastifyInstance } from 'fastify';
import type { Update } from 'grammy/types';
import { requireSecretHeader } from '../core/secret-check';

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
  const verify = requireSecretHeader('x-telegram-bot-api-secret-token', deps.secret);
  server.post(
    TELEGRAM_WEBHOOK_PATH,
    // Telegram's servers read the answer, not a browser: no browser security headers (helmet
    // builds them anew for every request, a cost paid on every update).
    { onRequest: verify, bodyLimit: 256 * 1024, schema: { hide: true }, helmet: false },
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
