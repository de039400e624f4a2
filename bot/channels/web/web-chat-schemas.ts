import { z } from 'zod';

const session = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,100}$/, 'session must be 8-100 of A-Z a-z 0-9 _ -')
  .describe(
    'A session token this server issued (the `session` of an earlier answer). Any other value starts a new session, returned in `session`. The page sends none: its cookie carries the session.',
  );

export const postBody = z.strictObject({
  session: session.optional(),
  text: z.string().describe('What the learner typed, or the `reply` of a choice'),
  messageId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'messageId must be 1-100 of A-Z a-z 0-9 _ -')
    .optional()
    .describe('The page’s id for this message: sent again, it gets the stored answer, not a second turn'),
});

export const pendingQuery = z.object({ session: session.optional() });

const wireReply = z.object({
  text: z.string(),
  choices: z.array(z.object({ label: z.string(), reply: z.string() })).optional(),
  media: z
    .object({ url: z.string(), alt: z.string() })
    .optional()
    .describe('An image (a certificate, a campaign picture) with its text alternative'),
});

const sessionToken = z
  .string()
  .describe(
    'The session to send next time (only when the request named one, or from POST /api/web-chat/sessions)',
  );

export const repliesResponse = z.object({
  replies: z.array(wireReply),
  language: z.enum(['vi', 'en']).optional().describe('The learner’s language, when this answer knows it'),
  session: sessionToken.optional(),
});

export const sessionResponse = z.object({ session: sessionToken });
