import { z } from 'zod';

/** Opaque ids arrive as strings; some clients and older payloads use numbers. */
const id = z.union([z.string().min(1).max(256), z.number().int().nonnegative()]).transform(String);
/** A name that is not a string is dropped rather than rejecting the whole update. */
const name = z.string().max(500).optional().catch(undefined);
/** Milliseconds since the epoch (the documented unit); a seconds value is scaled up. */
const date = z
  .union([
    z.number().finite().nonnegative(),
    z
      .string()
      .regex(/^\d{1,16}$/)
      .transform(Number),
  ])
  .transform((value) => (value > 0 && value < 1e11 ? value * 1000 : value))
  .optional()
  .catch(undefined);

const person = z.looseObject({
  id: id.optional(),
  display_name: name,
  name,
  first_name: name,
  is_bot: z.boolean().optional().catch(undefined),
});

const message = z.looseObject({
  message_id: id,
  date,
  chat: z.looseObject({ id, chat_type: z.string().max(50).optional().catch(undefined) }),
  // Absent fields sometimes arrive as null: that is not a malformed update.
  from: person.nullish().catch(undefined),
  text: z.string().max(100_000).nullish(),
  caption: z.string().max(100_000).optional().catch(undefined),
  photo_url: z.string().optional().catch(undefined),
  photo: z.string().optional().catch(undefined),
  sticker: z.string().optional().catch(undefined),
});

export const zaloUpdateSchema = z
  .looseObject({
    event_name: z.string().min(1).max(100).optional(),
    message: message.optional(),
  })
  .refine((update) => update.event_name !== undefined || update.message !== undefined, {
    message: 'an update has an event_name or a message',
  });

export type ZaloUpdate = z.infer<typeof zaloUpdateSchema>;
export type ZaloMessage = NonNullable<ZaloUpdate['message']>;

/**
 * Webhooks carry the update itself; getUpdates wraps it as `{ ok, result }`, and some relays
 * forward that wrapper unchanged. Both are accepted.
 */
export function parseZaloUpdate(
  body: unknown,
): { ok: true; update: ZaloUpdate } | { ok: false; error: string } {
  const raw = isWrapper(body) ? body.result : body;
  const parsed = zaloUpdateSchema.safeParse(raw);
  if (parsed.success) return { ok: true, update: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` };
}

function isWrapper(body: unknown): body is { result: unknown } {
  return (
    typeof body === 'object' &&
    body !== null &&
    'result' in body &&
    'ok' in body &&
    !('event_name' in body) &&
    !('message' in body)
  );
}

/** The documented event names; an update without one is named after what its message carries. */
export function eventNameOf(update: ZaloUpdate): string {
  if (update.event_name) return update.event_name;
  const m = update.message;
  if (typeof m?.text === 'string') return 'message.text.received';
  if (m?.photo_url || m?.photo) return 'message.image.received';
  if (m?.sticker) return 'message.sticker.received';
  return 'message.unsupported.received';
}

export function displayNameOf(message: ZaloMessage): string | undefined {
  const from = message.from;
  const found = from?.display_name ?? from?.name ?? from?.first_name;
  const trimmed = found?.trim();
  return trimmed ? trimmed.slice(0, 100) : undefined;
}
