import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Reply } from '../../engine/types';
import { errorBody } from '../../server/error-schema';
import type { RateLimiter } from '../../server/rate-limiter';
import type { OutboxStore } from '../../store/outbox-store';
import type { Intake } from '../../turns/intake';
import { decodeChoice, encodeChoice, STALE_PRESS } from '../core/choice-payload';
import { cleanText } from '../core/clean-text';
import { createSessionCookie } from './session-cookie';
import { pendingQuery, postBody, repliesResponse, sessionResponse } from './web-chat-schemas';
import type { WebSender } from './web-sender';
import type { WebSession, WebSessions } from './web-session';

const TOO_FAST =
  'Bạn gửi nhanh quá. Vui lòng chờ một chút rồi thử lại. / Too many messages, please wait a moment.';
/** Longer than any turn takes; past it the page gets an empty answer and fetches the replies later. */
const ANSWER_WAIT_MS = 10_000;

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
  sessions: WebSessions;
  /** PUBLIC_URL is https: the session cookie is Secure. */
  secure: boolean;
}

/** The web chat's JSON API: a message in, the tutor's replies out, and later replies on request. */
export const webChatRoutes: FastifyPluginAsyncZod<WebChatDeps> = async (server, deps) => {
  const { limits, rateLimiter, sessions } = deps;
  await server.register(cookie);
  const cookies = createSessionCookie(sessions, deps.secure);
  /** The token goes back in the body only to clients that name their session (API clients, not the page). */
  const named = (given: string | undefined, session: WebSession) =>
    given === undefined ? {} : { session: session.token };

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
      const { session: given, text, messageId } = request.body;
      // A session this server did not issue never reaches a learner: it starts a new one.
      const session = cookies.find(request, given) ?? sessions.issue();
      const verdict = await limited(request.ip, session.id);
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
      cookies.remember(reply, session);
      const externalId = `${session.id}:${messageId ?? randomUUID()}`;
      const expected = deps.sender.expect(externalId, ANSWER_WAIT_MS);
      const isNew = await deps.intake
        .accept({
          platform: 'web',
          externalId,
          platformUserId: session.id,
          chatId: session.id,
          order: Date.now(),
          input: { ...toInput(text), at: new Date().toISOString() },
        })
        .catch((error) => {
          expected.cancel();
          throw error;
        });
      if (!isNew) {
        // Re-sent: the stored answer, or, while its turn is still running, the answer once it comes.
        const stored = await deps.outbox.repliesTo('web', externalId);
        const answer = stored ? null : await expected.answer;
        expected.cancel();
        const replies =
          answer?.replies ?? (stored ?? (await deps.outbox.repliesTo('web', externalId)) ?? []).flat();
        return { replies: replies.map(toWire), ...named(given, session) };
      }
      // Not answered in time (a slow turn): the page fetches the answer later.
      const answer = await expected.answer;
      if (!answer) return { replies: [], ...named(given, session) };
      const language = answer.language ? { language: answer.language } : {};
      return { replies: answer.replies.map(toWire), ...language, ...named(given, session) };
    },
  );

  server.get(
    '/api/web-chat/messages',
    {
      schema: {
        tags: ['web chat'],
        summary: 'Replies the bot sent later (AI answers, reminders, campaigns) not yet shown; each once',
        querystring: pendingQuery,
        response: { 200: repliesResponse },
      },
    },
    async (request) => {
      const given = request.query.session;
      const session = cookies.find(request, given);
      if (!session) return { replies: [], ...named(given, sessions.issue()) };
      const sent = await deps.outbox.takeWebPending(session.id);
      return { replies: sent.flat().map(toWire), ...named(given, session) };
    },
  );

  server.post(
    '/api/web-chat/sessions',
    {
      schema: {
        tags: ['web chat'],
        summary: 'Start a new session (the page: "start over on this device"); the old one stays valid',
        response: { 200: sessionResponse, 403: errorBody },
      },
    },
    async (request, reply) => {
      // Another site must not swap a learner's session for a new one (a form posted from elsewhere).
      if (request.headers['sec-fetch-site'] === 'cross-site')
        return reply.status(403).send({ error: 'cross_site', message: 'Không được phép. / Not allowed.' });
      const session = sessions.issue();
      cookies.remember(reply, session);
      return { session: session.token };
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
