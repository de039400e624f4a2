import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Reply } from '../../engine/types';
import type { RateLimiter } from '../../server/rate-limiter';
import type { TurnRunner } from '../../turns/turn-runner';
import { cleanText } from '../clean-text';

const TOO_FAST =
  'Bạn gửi nhanh quá. Vui lòng chờ một chút rồi thử lại. / Too many messages, please wait a moment.';
const page = readFileSync(new URL('./chat-page.html', import.meta.url), 'utf8');

interface Body {
  session: string;
  text: string;
}

const bodySchema = {
  type: 'object',
  required: ['session', 'text'],
  additionalProperties: false,
  properties: {
    session: {
      type: 'string',
      pattern: '^[A-Za-z0-9_-]{8,100}$',
      description: 'A random id the page keeps for this browser',
    },
    text: { type: 'string', description: 'What the learner typed, or the `reply` of a choice' },
  },
} as const;

const replySchema = {
  type: 'object',
  properties: {
    replies: {
      type: 'array',
      items: {
        type: 'object',
        required: ['text'],
        properties: {
          text: { type: 'string' },
          choices: {
            type: 'array',
            items: { type: 'object', properties: { label: { type: 'string' }, reply: { type: 'string' } } },
          },
        },
      },
    },
  },
} as const;

export interface WebChatLimits {
  maxChars: number;
  sessionRatePerMinute: number;
  clientRatePerMinute: number;
}

/** The web chat: a page at `/` and its JSON API. The learner is identified by the page's session id. */
export function webChatRoutes(
  server: FastifyInstance,
  deps: { runner: TurnRunner; limits: WebChatLimits; rateLimiter: RateLimiter },
): void {
  const { runner, limits, rateLimiter } = deps;
  server.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page),
  );

  server.post<{ Body: Body }>(
    '/api/web-chat/messages',
    {
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['web chat'],
        summary: 'Send a learner message, get the tutor replies',
        body: bodySchema,
        response: { 200: replySchema },
      },
      preHandler: async (request, reply) => {
        const verdict = await rateLimiter.hit([
          { key: `web-client:${request.ip}`, max: limits.clientRatePerMinute, windowMs: 60_000 },
          { key: `web-session:${request.body.session}`, max: limits.sessionRatePerMinute, windowMs: 60_000 },
        ]);
        if (!verdict.allowed) {
          return reply
            .status(429)
            .header('retry-after', String(verdict.retryAfterSeconds))
            .send({ error: 'rate_limited', message: TOO_FAST });
        }
      },
    },
    async (request, reply) => {
      const { session, text } = request.body;
      if (text.length > limits.maxChars) {
        return reply.status(400).send({
          error: 'message_too_long',
          message: `Tin nhắn dài quá (tối đa ${limits.maxChars} ký tự). Bạn gửi ngắn hơn nhé. / The message is too long.`,
        });
      }
      const replies = await runner.runNow(
        { platform: 'web', platformUserId: session },
        { kind: 'text', text: cleanText(text), at: new Date() },
      );
      return { replies: replies.map(toWire) };
    },
  );
}

function toWire(reply: Reply) {
  return reply.choices ? { text: reply.text, choices: reply.choices } : { text: reply.text };
}
