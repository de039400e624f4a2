import type { Language } from '../content/catalog';
import type { PersonalDataKind } from './personal-data';

const NAMES: Record<Language, Record<PersonalDataKind, string>> = {
  vi: {
    otp: 'mã OTP',
    password: 'mật khẩu hoặc mã PIN',
    'id-number': 'số căn cước',
    'card-number': 'số thẻ',
    'account-number': 'số tài khoản',
    phone: 'số điện thoại',
    email: 'địa chỉ email',
  },
  en: {
    otp: 'an OTP code',
    password: 'a password or PIN',
    'id-number': 'an ID number',
    'card-number': 'a card number',
    'account-number': 'an account number',
    phone: 'a phone number',
    email: 'an email address',
  },
};

/** A short, kind warning when personal data was found (none for an empty list). */
export function personalDataWarning(found: PersonalDataKind[], language: Language): string | undefined {
  if (found.length === 0) return undefined;
  const names = found.map((kind) => NAMES[language][kind]);
  const list = language === 'vi' ? joinList(names, 'và') : joinList(names, 'and');
  const secret = found.some((kind) => kind !== 'phone' && kind !== 'email');
  const scam = found.includes('otp') || found.includes('password');
  if (language === 'vi') {
    if (!secret) return `🔒 Mình đã che ${list} trong tin nhắn trước khi tìm câu trả lời.`;
    return [
      `🔒 Tin nhắn của bạn có ${list}. Mình đã che đi trước khi tìm câu trả lời.`,
      'Bạn đừng gửi những thông tin này cho ai qua mạng, kể cả người xưng là ngân hàng hay công an.',
      scam ? 'Ai hỏi mã OTP hay mật khẩu của bạn là kẻ gian.' : '',
    ]
      .filter(Boolean)
      .join(' ');
  }
  if (!secret) return `🔒 I hid ${list} in your message before looking for an answer.`;
  return [
    `🔒 Your message had ${list}. I hid it before looking for an answer.`,
    "Don't send this to anyone online, even someone who says they are from the bank or the police.",
    scam ? 'Anyone who asks for your OTP or password is a scammer.' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function joinList(items: string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;
}
