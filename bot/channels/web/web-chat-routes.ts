import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Reply } from '../../engine/types';
import { errorBody } from '../../server/error-schema';
import type { RateLimiter } from '../../server/rate-limiter';
import type { OutboxStore } from '../../store/outbox-store';
import type { Intake } from '../../turns/intake';
import { decodeChoice, encodeChoice, STALE_PRESS } from '../core/choice-payload';
import { cleanText } from '../core/clean-text';
import type { WebSender } from './web-sender';

const TOO_FAST =
  'Bạn gửi nhanh quá. Vui lòng chờ một chút rồi thử lại. / Too many messages, please wait a moment.';
/** Longer than any turn takes; past it the page gets an empty answer and fetches the replies later. */
const ANSWER_WAIT_MS = 10_000;

const session = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,100}$/, 'session must be 8-100 of A-Z a-z 0-9 _ -')
  .describe('The id the page keeps for this browser');

const postBody = z.strictObject({
  session,
  text: z.string().describe('What the learner typed, or the `reply` of a choice'),
  messageId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'messageId must be 1-100 of A-Z a-z 0-9 _ -')
    .optional()
    .describe('The page’s id for this message: sent again, it gets the stored answer, not a second turn'),
});

const wireReply = z.object({
  text: z.string(),
  choices: z.array(z.object({ label: z.string(), reply: z.string() })).optional(),
  media: z
    .object({ url: z.string(), alt: z.string() })
    .optional()
    .describe('An image (a certificate, a campaign picture) with its text alternative'),
});
const repliesResponse = z.object({
  replies: z.array(wireReply),
  language: z.enum(['vi', 'en']).optional().describe('The learner’s language, when this answer knows it'),
});

export interface WebChatLimits {
  maxChars: number;
  sessionRatePerMinute: number;
  clientRatePerMinute: number;
}

export interface WebChatDeps {
  intake: Intake;
  sender: WebSender;
  outbox: OutboxStore;
  limits: WebChatLimits;
  rateLimiter: RateLimiter;
}

/** The web chat's JSON API: a message in, the tutor's replies out, and later replies on request. */
export const webChatRoutes: FastifyPluginAsyncZod<WebChatDeps> = async (server, deps) => {
  const { limits, rateLimiter } = deps;

  const limited = async (ip: string, sessionId: string) =>
    rateLimiter.hit([
      { key: `web-client:${ip}`, max: limits.clientRatePerMinute, windowMs: 60_000 },
      { key: `web-session:${sessionId}`, max: limits.sessionRatePerMinute, windowMs: 60_000 },
    ]);

  server.post(
    '/api/web-chat/messages',
    {
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['web chat'],
        summary: 'Send a learner message, get the tutor replies',
        body: postBody,
        response: { 200: repliesResponse, 400: errorBody, 429: errorBody },
      },
    },
    async (request, reply) => {
      const { session: sessionId, text, messageId } = request.body;
      const verdict = await limited(request.ip, sessionId);
      if (!verdict.allowed)
        return reply
          .status(429)
          .header('retry-after', String(verdict.retryAfterSeconds))
          .send({ error: 'rate_limited', message: TOO_FAST });
      if (text.length > limits.maxChars) {
        return reply.status(400).send({
          error: 'message_too_long',
          message: `Tin nhắn dài quá (tối đa ${limits.maxChars} ký tự). Bạn gửi ngắn hơn nhé. / The message is too long.`,
        });
      }
      const externalId = `${sessionId}:${messageId ?? randomUUID()}`;
      const expected = deps.sender.expect(externalId, ANSWER_WAIT_MS);
      const isNew = await deps.intake
        .accept({
          platform: 'web',
          externalId,
          platformUserId: sessionId,
          chatId: sessionId,
          order: Date.now(),
          input: { ...toInput(text), at: new Date().toISOString() },
        })
        .catch((error) => {
          expected.cancel();
          throw error;
        });
      if (!isNew) {
        expected.cancel();
        const sent = await deps.outbox.repliesTo('web', externalId);
        return { replies: (sent?.flat() ?? []).map(toWire) };
      }
      // Not answered in time (a slow turn): the page fetches the answer later.
      const answer = await expected.answer;
      return answer
        ? { replies: answer.replies.map(toWire), ...(answer.language ? { language: answer.language } : {}) }
        : { replies: [] };
    },
  );

  server.get(
    '/api/web-chat/messages',
    {
      schema: {
        tags: ['web chat'],
        summary: 'Replies the bot sent later (AI answers, reminders, campaigns) not yet shown; each once',
        querystring: z.object({ session }),
        response: { 200: repliesResponse },
      },
    },
    async (request) => {
      const sent = await deps.outbox.takeWebPending(request.query.session);
      return { replies: sent.flat().map(toWire) };
    },
  );
};

/** A choice's `reply` names its prompt, so a tap on an old button is recognised as stale. */
function toInput(text: string) {
  const press = decodeChoice(text.trim());
  if (press) return { kind: 'text' as const, text: press.reply, promptSeq: press.promptSeq };
  if (/^v\d+:/.test(text.trim())) return { kind: 'text' as const, text: '', promptSeq: STALE_PRESS };
  return { kind: 'text' as const, text: cleanText(text) };
}

function toWire(reply: Reply) {
  const media = reply.media ? { media: { url: reply.media.url, alt: reply.media.caption ?? '' } } : {};
  if (!reply.choices) return { text: reply.text, ...media };
  return {
    text: reply.text,
    ...media,
    choices: reply.choices.map((choice) => ({
      label: `${choice.reply}. ${choice.label}`,
      reply: encodeChoice(reply.promptSeq, choice.reply),
    })),
  };
}
