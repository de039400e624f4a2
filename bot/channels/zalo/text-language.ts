/** Letters only Vietnamese uses among the languages the bot speaks (tones, breves, horns, đ). */
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

/**
 * Guesses the language of a reply the engine wrote, for the fixed texts a channel adds itself.
 * Vietnamese prose marks most words; English lessons only mark names ("Hà Nội", "Bộ Công an").
 * So: Vietnamese when at least a fifth of the words carry Vietnamese letters.
 */
export function textLanguage(text: string): 'vi' | 'en' {
  const words = text
    .normalize('NFC')
    .split(/[\s/.,;:!?()"“”'’-]+/)
    .filter((word) => /\p{L}/u.test(word));
  if (words.length === 0) return 'vi';
  const marked = words.filter((word) => VIETNAMESE.test(word)).length;
  return marked * 5 >= words.length ? 'vi' : 'en';
}
