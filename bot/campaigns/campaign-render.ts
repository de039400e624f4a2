import { renderReplies as renderTelegram, TELEGRAM_TEXT_LIMIT } from '../channels/telegram/render-reply';
import { renderReplies as renderZalo, ZALO_TEXT_LIMIT } from '../channels/zalo/zalo-render';
import type { CampaignChoice, Platform, Reply } from '../engine/types';

export interface CampaignContent {
  text: string;
  choices: CampaignChoice[];
  imageUrl?: string | null;
}

/** The campaign as the learner's turn says it (the engine's showCampaign builds the same reply). */
export function campaignReply(content: CampaignContent): Reply {
  const reply: Reply = { text: content.text };
  if (content.choices.length > 0)
    reply.choices = content.choices.map((choice, index) => ({
      label: choice.label,
      reply: String(index + 1),
    }));
  if (content.imageUrl) reply.media = { url: content.imageUrl };
  return reply;
}

export interface PlatformPreview {
  /** The messages the learner gets, as the platform shows them (buttons on Telegram, numbered lines on Zalo). */
  messages: { kind: 'text' | 'photo'; text: string; buttons?: string[][] }[];
  /** The longest text against the platform's limit: a campaign must fit in one message per platform. */
  length: number;
  limit: number;
  fits: boolean;
}

const LIMITS: Record<Platform, number> = { telegram: TELEGRAM_TEXT_LIMIT, zalo: ZALO_TEXT_LIMIT, web: 4000 };

/** How each platform renders the campaign, and whether it fits its length limit. */
export function previewCampaign(content: CampaignContent): Record<Platform, PlatformPreview> {
  const reply = campaignReply(content);
  const body = (extra: string) => [content.text, extra].filter(Boolean).join('\n\n');
  const zaloText = renderZalo([{ ...reply, media: undefined }], Number.MAX_SAFE_INTEGER)[0];
  const lengths: Record<Platform, number> = {
    telegram: content.text.length,
    zalo: zaloText?.kind === 'text' ? zaloText.text.length : content.text.length,
    web: content.text.length,
  };
  const preview = (platform: Platform, messages: PlatformPreview['messages']): PlatformPreview => ({
    messages,
    length: lengths[platform],
    limit: LIMITS[platform],
    fits: lengths[platform] <= LIMITS[platform],
  });
  return {
    telegram: preview(
      'telegram',
      renderTelegram([reply]).map((message) => ({
        kind: 'text',
        text: message.text,
        ...(message.keyboard
          ? { buttons: message.keyboard.inline_keyboard.map((row) => row.map((button) => button.text)) }
          : {}),
      })),
    ),
    zalo: preview(
      'zalo',
      renderZalo([reply]).map((message) =>
        message.kind === 'photo'
          ? { kind: 'photo', text: message.url }
          : { kind: 'text', text: message.text },
      ),
    ),
    web: preview('web', [
      { kind: 'text', text: body(reply.choices?.map((c) => `[${c.label}]`).join(' ') ?? '') },
    ]),
  };
}
