import type { Api } from 'grammy';

const COMMANDS = {
  vi: [
    ['start', 'Bắt đầu học'],
    ['menu', 'Danh sách khóa học'],
    ['progress', 'Xem tiến độ học'],
    ['ontap', 'Ôn tập câu đã học'],
    ['nhacnho', 'Đổi giờ nhắc học'],
    ['help', 'Hướng dẫn sử dụng'],
    ['language', 'Đổi ngôn ngữ / Language'],
    ['stop', 'Ngừng nhận nhắc nhở'],
    ['delete', 'Xóa dữ liệu của tôi'],
  ],
  en: [
    ['start', 'Start learning'],
    ['menu', 'Courses'],
    ['progress', 'My progress'],
    ['review', 'Review what you learned'],
    ['reminder', 'Reminder time'],
    ['help', 'How to use the bot'],
    ['language', 'Change language / Ngôn ngữ'],
    ['stop', 'Stop reminders'],
    ['delete', 'Delete my data'],
  ],
} as const;

const toCommands = (list: readonly (readonly [string, string])[]) =>
  list.map(([command, description]) => ({ command, description }));

/** The command menu: Vietnamese for everyone, English for clients set to English. */
export async function registerCommands(api: Api): Promise<void> {
  await api.setMyCommands(toCommands(COMMANDS.vi));
  await api.setMyCommands(toCommands(COMMANDS.en), { language_code: 'en' });
}
