import { describe, expect, it } from 'vitest';
import { failureText } from '../../bot/admin/pages/failure-text';

describe('failure text on the admin queue page', () => {
  it('masks chat ids, phone numbers, e-mail addresses, bot tokens and secrets', () => {
    expect(failureText('Call to sendMessage failed: 403 chat 123456789 blocked')).toBe(
      'Call to sendMessage failed: 403 chat … blocked',
    );
    expect(failureText('learner 0912 345 678 / +84 912-345-678 / a.b@example.vn')).toBe(
      'learner … / … / …@…',
    );
    expect(failureText('GET https://api.telegram.org/bot123456:AA-bb_cc/getMe failed')).toBe(
      'GET https://api.telegram.org/bot…/getMe failed',
    );
    expect(failureText('bad url ?token=abc&x=1')).toBe('bad url ?token=…');
  });

  it('keeps short numbers (status codes, attempts), one line, and a bounded length', () => {
    expect(failureText('upstream 500 after 3 tries\n    at stack (file.ts:10:5)')).toBe(
      'upstream 500 after 3 tries',
    );
    expect(failureText('x'.repeat(500))).toHaveLength(200);
    expect(failureText('')).toBe('(không có thông báo lỗi)');
  });
});
