const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** JSON for a `<script type="application/json">` block: `<` escaped so no text can close the tag. */
export function jsonBlock(id: string, data: unknown): string {
  return `<script type="application/json" id="${id}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;
}

export const number = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : value.toLocaleString('vi-VN');
export const percent = (value: number | null | undefined) =>
  value === null || value === undefined
    ? '–'
    : `${(value * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;

export function layout(title: string, body: string, scripts: string[] = []): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/admin/assets/admin.css">
</head>
<body>
${body}
${scripts.map((src) => `<script src="${src}" defer></script>`).join('\n')}
</body>
</html>`;
}
