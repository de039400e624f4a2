/**
 * An error message as the queue page shows it: one line, at most 200 characters, with anything
 * that could identify a person or open a door masked. Job data is never shown at all; this guards
 * against messages that quote it (a chat id in a platform error, a token in a URL).
 */
export function failureText(reason: string): string {
  const line = (reason.split('\n')[0] ?? '').trim();
  const masked = line
    .replace(/bot\d+:[\w-]+/g, 'bot…')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '…@…')
    .replace(/\+?\d[\d .-]{4,}\d/g, (digits) => (digits.replace(/\D/g, '').length >= 6 ? '…' : digits))
    .replace(/\b(key|token|secret|password)=\S+/gi, '$1=…');
  return masked.length > 200 ? `${masked.slice(0, 199)}…` : masked || '(không có thông báo lỗi)';
}
