/** Retry-After as seconds or an HTTP date, else the Telegram-style `parameters.retry_after`. */
export function retryAfterOf(header: unknown, body: unknown, nowMs = Date.now()): number | undefined {
  if (typeof header === 'string' && header.trim()) {
    const value = header.trim();
    if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const seconds = (body as { parameters?: { retry_after?: unknown } } | undefined)?.parameters?.retry_after;
  return typeof seconds === 'number' && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}
