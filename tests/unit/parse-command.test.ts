import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../bot/engine/parse-command';

describe('parseCommand', () => {
  it.each([
    ['/start', { name: 'start' }],
    ['/start ref_ABC-12', { name: 'start', payload: 'ref_ABC-12' }],
    ['/start@HocVuSoBot campaign1', { name: 'start', payload: 'campaign1' }],
    ['/start <script>', { name: 'start' }],
    ['/help', { name: 'help' }],
    ['/MENU', { name: 'menu' }],
    ['/progress', { name: 'progress' }],
    ['/stop', { name: 'stop' }],
    ['/delete', { name: 'delete' }],
    ['/language', { name: 'language' }],
    ['bắt đầu', { name: 'start' }],
    ['Bat dau', { name: 'start' }],
    ['Trợ giúp', { name: 'help' }],
    ['huong dan', { name: 'help' }],
    ['tiến độ', { name: 'progress' }],
    ['tien do', { name: 'progress' }],
    ['Khóa học', { name: 'menu' }],
    ['dừng', { name: 'stop' }],
    ['Dừng.', { name: 'stop' }],
    ['ngừng', { name: 'stop' }],
    ['xóa dữ liệu', { name: 'delete' }],
    ['xoa du lieu', { name: 'delete' }],
    ['ngôn ngữ', { name: 'language' }],
  ])('%j → %j', (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });

  it.each(['dung', 'Đúng', 'đúng', '1', 'bắt đầu học lập trình đi', '/unknown', 'menu nào hay?', ''])(
    '%j is not a command',
    (input) => {
      expect(parseCommand(input)).toBeUndefined();
    },
  );
});
