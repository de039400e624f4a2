import { fold, tidy } from './normalize';

export type CommandName =
  | 'start'
  | 'help'
  | 'menu'
  | 'progress'
  | 'stop'
  | 'delete'
  | 'language'
  | 'review'
  | 'reminder';
export interface Command {
  name: CommandName;
  payload?: string;
}

/** Whole-message words that act like commands. Folded (no diacritics) unless listed in EXACT. */
const WORDS: Record<CommandName, string[]> = {
  start: ['start', 'bat dau', 'bat dau hoc', 'batdau'],
  help: ['help', 'tro giup', 'giup', 'giup do', 'huong dan', 'cach dung', 'hd'],
  menu: ['menu', 'khoa hoc', 'cac khoa hoc', 'danh sach', 'danh muc', 'thuc don', 'bai hoc', 'courses', 'mn'],
  progress: ['progress', 'tien do', 'ket qua', 'xem tien do', 'xem ket qua', 'diem'],
  stop: ['stop', 'ngung', 'dung lai', 'ngung nhan tin', 'tat nhac nho', 'huy dang ky', 'unsubscribe'],
  delete: ['delete', 'xoa du lieu', 'xoa tai khoan', 'xoa het', 'xoa thong tin', 'delete my data'],
  language: ['language', 'ngon ngu', 'doi ngon ngu', 'lang'],
  review: ['review', 'on tap', 'on bai', 'on lai bai', 'ontap'],
  reminder: ['reminder', 'nhac nho', 'gio nhac', 'doi gio nhac', 'nhac hoc', 'nhacnho'],
};
/** "dừng" folds to "dung", which is also "đúng" (yes, true): it only counts with its diacritics. */
const EXACT: Partial<Record<CommandName, string[]>> = { stop: ['dừng'] };

const SLASH = /^\/([a-z_]+)(?:@[a-z0-9_]+)?(?:\s+(.*))?$/is;
const SLASH_ALIASES: Record<string, CommandName> = {
  start: 'start',
  help: 'help',
  menu: 'menu',
  progress: 'progress',
  stop: 'stop',
  delete: 'delete',
  language: 'language',
  tiendo: 'progress',
  trogiup: 'help',
  dung: 'stop',
  xoa: 'delete',
  ngonngu: 'language',
  batdau: 'start',
  review: 'review',
  ontap: 'review',
  reminder: 'reminder',
  nhacnho: 'reminder',
};

/** Recognises a command ("/start abc", "/menu@HocVuSoBot", "tiến độ", "Trợ giúp") or returns undefined. */
export function parseCommand(text: string): Command | undefined {
  const trimmed = text.trim();
  const slash = SLASH.exec(trimmed);
  if (slash) {
    const name = SLASH_ALIASES[fold(slash[1]!).replace(/[\s_]/g, '')];
    if (!name) return undefined;
    const payload = name === 'start' ? cleanPayload(slash[2]) : undefined;
    return payload ? { name, payload } : { name };
  }
  const folded = fold(trimmed);
  const exact = tidy(trimmed).replace(/[.!]+$/, '');
  for (const [name, words] of Object.entries(WORDS) as [CommandName, string[]][]) {
    if (words.includes(folded) || EXACT[name]?.includes(exact)) return { name };
  }
  return undefined;
}

/** Deep-link payloads (referral codes, campaign tags): Telegram allows A-Z a-z 0-9 _ - up to 64. */
function cleanPayload(raw: string | undefined): string | undefined {
  const payload = raw?.trim();
  return payload && /^[A-Za-z0-9_-]{1,64}$/.test(payload) ? payload : undefined;
}
