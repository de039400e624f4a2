import { dropLoneSurrogates } from '../../text/storable-text';

/** Drops control characters (binary junk, NUL) and unpaired surrogates; keeps line breaks and emoji. */
export function cleanText(text: string): string {
  return dropLoneSurrogates(text)
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028\u2029\uFEFF]/g, ' ')
    .trim();
}
