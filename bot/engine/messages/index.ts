import type { Language, Localized } from '../../content/catalog';
import { en } from './en';
import type { Messages } from './messages';
import { vi } from './vi';

export type { Messages };

export function messagesFor(language: Language): Messages {
  return language === 'en' ? en : vi;
}

export function pick(text: Localized, language: Language): string {
  return text[language] || text.vi;
}
