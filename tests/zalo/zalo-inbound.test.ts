import { describe, expect, it } from 'vitest';
import { toInbound, type ZaloInbound } from '../../bot/channels/zalo/zalo-inbound';
import { parseZaloUpdate, type ZaloUpdate } from '../../bot/channels/zalo/zalo-update';

const now = new Date('2026-11-27T08:00:00Z');

function update(overrides: Record<string, unknown> = {}, message: Record<string, unknown> = {}): unknown {
  return {
    event_name: 'message.text.received',
    message: {
      message_id: 'm-1',
      date: 1766619597466,
      chat: { id: 'chat-1', chat_type: 'PRIVATE' },
      from: { id: 'user-1', display_name: 'Bà Tư', is_bot: false },
      text: 'Xin chào',
      ...message,
    },
    ...overrides,
  };
}

function record(inbound: ZaloInbound) {
  if (inbound.kind !== 'learner') throw new Error(`expected a learner message, got ${inbound.kind}`);
  return inbound.record;
}

function parsed(body: unknown): ZaloUpdate {
  const result = parseZaloUpdate(body);
  if (!result.ok) throw new Error(result.error);
  return result.update;
}

describe('Zalo updates', () => {
  it('maps a text message to an intake record keyed by event name and message id, ordered by date', () => {
    expect(toInbound(parsed(update()), now)).toEqual({
      kind: 'learner',
      record: {
        platform: 'zalo',
        platformUserId: 'user-1',
        externalId: 'message.text.received:m-1',
        chatId: 'chat-1',
        order: 1766619597466,
        input: { kind: 'text', text: 'Xin chào', displayName: 'Bà Tư', at: '2025-12-24T23:39:57.466Z' },
      },
    });
  });

  it('accepts the { ok, result } wrapper that getUpdates returns', () => {
    const inbound = toInbound(parsed({ ok: true, result: update() }), now);
    expect(record(inbound).externalId).toBe('message.text.received:m-1');
  });

  it.each([
    ['display_name', { display_name: 'A' }, 'A'],
    ['name', { name: 'B' }, 'B'],
    ['first_name', { first_name: 'C' }, 'C'],
    ['none', {}, undefined],
  ])('reads the display name from %s', (_field, from, expected) => {
    const inbound = toInbound(parsed(update({}, { from: { id: 'u', ...from } })), now);
    expect(record(inbound).input.displayName).toBe(expected);
  });

  it.each([
    ['message.image.received', { photo_url: 'https://x/y.jpg', caption: 'ảnh' }],
    ['message.sticker.received', { sticker: 'abc' }],
    ['message.unsupported.received', {}],
    ['message.voice.received', {}],
  ])('turns %s into a media input', (event, extra) => {
    const inbound = toInbound(parsed(update({ event_name: event }, { text: undefined, ...extra })), now);
    expect(record(inbound).input.kind).toBe('media');
    expect(record(inbound).externalId).toBe(`${event}:m-1`);
  });

  it('names an update without event_name after its content, so the key stays stable', () => {
    const inbound = toInbound(parsed({ message: (update() as { message: object }).message }), now);
    expect(record(inbound).externalId).toBe('message.text.received:m-1');
  });

  it('routes group chats to the group note, and ignores bots and updates without a message', () => {
    expect(toInbound(parsed(update({}, { chat: { id: 'g-1', chat_type: 'GROUP' } })), now)).toEqual({
      kind: 'group',
      chatId: 'g-1',
      at: new Date(1766619597466),
    });
    expect(toInbound(parsed(update({}, { from: { id: 'b', is_bot: true } })), now).kind).toBe('ignored');
    expect(toInbound(parsed({ event_name: 'user.follow' }), now).kind).toBe('ignored');
  });

  it('accepts null where a field is absent', () => {
    const sticker = parsed(
      update({ event_name: 'message.sticker.received' }, { text: null, from: null, date: null }),
    );
    expect(record(toInbound(sticker, now))).toMatchObject({
      platformUserId: 'chat-1',
      order: now.getTime(),
      input: { kind: 'media', text: '' },
    });
  });

  it('uses the time of arrival when the date is missing, and scales a date in seconds', () => {
    const missing = toInbound(parsed(update({}, { date: undefined })), now);
    expect(record(missing).order).toBe(now.getTime());
    const seconds = toInbound(parsed(update({}, { date: 1766619597 })), now);
    expect(record(seconds).order).toBe(1766619597000);
  });

  it('cleans control characters and bounds the text', () => {
    const inbound = toInbound(parsed(update({}, { text: `  1\u0000\u200B ${'x'.repeat(5000)}` })), now);
    expect(record(inbound).input.text.length).toBe(2000);
    expect(record(inbound).input.text.startsWith('1')).toBe(true);
  });

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['an array', [1, 2]],
    ['an empty object', {}],
    ['a message without a chat', { event_name: 'message.text.received', message: { message_id: 'x' } }],
    ['a message id that is an object', update({}, { message_id: { a: 1 } })],
    ['text that is a number', update({}, { text: 42 })],
  ])('rejects %s', (_name, body) => {
    expect(parseZaloUpdate(body).ok).toBe(false);
  });
});
