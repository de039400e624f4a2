/** The verification page: what anyone with the link may know, bilingual, readable on a small phone. */

const escapeHtml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const STYLE = `
:root{color-scheme:light dark;--bg:#fffdf6;--fg:#1b2a41;--muted:#4a5563;--ok:#0a6b2f;--bad:#a3121b;--bd:#b8860b}
@media (prefers-color-scheme:dark){:root{--bg:#15181d;--fg:#ececec;--muted:#b4bcc6;--ok:#7ee2a0;--bad:#ff9a9f;--bd:#d4af37}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:40rem;margin:0 auto;padding:1.25rem 1rem 2rem}
h1{font-size:1.5rem;margin:0 0 1rem;line-height:1.25}
.status{display:inline-block;font-weight:700;padding:.35rem .75rem;border-radius:.5rem;border:2px solid currentColor;margin:0 0 1rem}
.ok{color:var(--ok)}.bad{color:var(--bad)}
dl{margin:0 0 1.25rem;display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem}
dt{color:var(--muted)}dd{margin:0;font-weight:600;overflow-wrap:anywhere}
img{display:block;width:100%;height:auto;border:1px solid var(--bd);border-radius:.4rem}
p{color:var(--muted);font-size:.95rem}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

export interface VerifyFacts {
  name: string;
  course: string;
  courseEn?: string;
  date: string;
  revoked: boolean;
  imageUrl: string;
}

export function verifyPage(f: VerifyFacts): string {
  const status = f.revoked
    ? '<p class="status bad">✕ Đã thu hồi / Revoked</p>'
    : '<p class="status ok">✓ Còn hiệu lực / Valid</p>';
  const course =
    f.courseEn && f.courseEn !== f.course
      ? `${escapeHtml(f.course)} <span lang="en">(${escapeHtml(f.courseEn)})</span>`
      : escapeHtml(f.course);
  return layout(
    `Giấy chứng nhận: ${f.name}`,
    `<h1>Giấy chứng nhận hoàn thành khóa học <span lang="en">/ Certificate of completion</span></h1>
${status}
<dl>
<dt>Họ tên <span lang="en">/ Name</span></dt><dd>${escapeHtml(f.name)}</dd>
<dt>Khóa học <span lang="en">/ Course</span></dt><dd>${course}</dd>
<dt>Ngày cấp <span lang="en">/ Issued</span></dt><dd>${escapeHtml(f.date)}</dd>
</dl>
<img src="${escapeHtml(f.imageUrl)}" width="1200" height="850"
  alt="Giấy chứng nhận: ${escapeHtml(f.name)} đã hoàn thành khóa học ${escapeHtml(f.course)}, ngày ${escapeHtml(f.date)}">
<p>Cấp bởi trợ lý học tập của phong trào “Bình dân học vụ số”. <span lang="en">Issued by the “Bình dân học vụ số” learning assistant.</span></p>`,
  );
}

export const notFoundPage = layout(
  'Không tìm thấy giấy chứng nhận',
  `<h1>Không tìm thấy giấy chứng nhận <span lang="en">/ Certificate not found</span></h1>
<p>Đường dẫn này không ứng với giấy chứng nhận nào. Bạn kiểm tra lại đường dẫn nhé. <span lang="en">This link matches no certificate. Please check the link.</span></p>`,
);
