import { escapeHtml, layout, number } from './html';

// biome-ignore lint/suspicious/noExplicitAny: API answers, rendered field by field
type Json = any;

const STATUS: Record<string, string> = {
  draft: 'Bản nháp',
  scheduled: 'Đã hẹn giờ',
  sending: 'Đang gửi',
  paused: 'Tạm dừng',
  done: 'Đã xong',
  cancelled: 'Đã hủy',
};

const header = (title: string) => `<header class="top"><h1>${escapeHtml(title)}</h1>
<nav aria-label="Trang quản trị"><a href="/admin">Bảng điều khiển</a> · <a href="/admin/campaigns">Chiến dịch</a></nav></header>`;

const field = (name: string, label: string, value = '', hint = '', type = 'text') =>
  `<label for="f-${name}">${label}</label><input id="f-${name}" name="${name}" type="${type}" value="${escapeHtml(value)}"${hint ? ` aria-describedby="h-${name}"` : ''}>${hint ? `<span class="hint" id="h-${name}">${hint}</span>` : ''}`;

export function campaignsPage(
  campaigns: Json[],
  courses: { id: string; title: string }[],
  message?: string,
  form: Record<string, string> = {},
): string {
  const rows = campaigns
    .map(
      (c) => `<tr><th scope="row"><a href="/admin/campaigns/${c.id}">${escapeHtml(c.name)}</a></th>
<td>${STATUS[c.status] ?? escapeHtml(c.status)}</td><td>${number(c.recipients)}</td><td>${escapeHtml(String(c.createdAt).slice(0, 16).replace('T', ' '))}</td></tr>`,
    )
    .join('\n');
  const options = courses
    .map(
      (c) =>
        `<option value="${escapeHtml(c.id)}"${form.course === c.id ? ' selected' : ''}>${escapeHtml(c.title)}</option>`,
    )
    .join('');
  return layout(
    'Chiến dịch – hocvuso',
    `${header('Chiến dịch gửi tin')}
<main>
${message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : ''}
<section aria-labelledby="list"><h2 id="list">Các chiến dịch</h2>
<div class="scroll"><table><thead><tr><th scope="col">Tên</th><th scope="col">Trạng thái</th><th scope="col">Người nhận</th><th scope="col">Tạo lúc (UTC)</th></tr></thead>
<tbody>${rows || '<tr><td colspan="4">Chưa có chiến dịch.</td></tr>'}</tbody></table></div></section>
<section aria-labelledby="new"><h2 id="new">Tạo chiến dịch</h2>
<form method="post" action="/admin/campaigns" class="stack">
${field('name', 'Tên chiến dịch', form.name)}
<label for="f-text">Nội dung tin nhắn</label><textarea id="f-text" name="text" rows="5">${escapeHtml(form.text ?? '')}</textarea>
${field('platforms', 'Nền tảng', form.platforms, 'telegram, zalo, web (để trống: tất cả)')}
${field('provinces', 'Tỉnh/thành', form.provinces, 'tên hoặc mã, cách nhau bằng dấu phẩy (để trống: tất cả)')}
${field('audiences', 'Nhóm người học', form.audiences, 'citizen, elder, student, civil_servant, worker, volunteer')}
${field('notStartedCourses', 'Chưa bắt đầu khóa', form.notStartedCourses, 'mã khóa học')}
${field('choice', 'Nút bấm (tùy chọn)', form.choice ?? 'Học ngay', 'ví dụ: Học ngay')}
<label for="f-course">Nút mở khóa học</label><select id="f-course" name="course"><option value="">Danh sách khóa học</option>${options}</select>
${field('imageUrl', 'Ảnh (địa chỉ https, tùy chọn)', form.imageUrl)}
${field('sendAt', 'Hẹn giờ gửi (tùy chọn)', form.sendAt, 'ví dụ 2026-12-08T09:00:00+07:00', 'text')}
${field('localHour', 'Chỉ gửi trong giờ (0–23, tùy chọn)', form.localHour, 'giờ địa phương, ngoài giờ yên lặng', 'number')}
<button type="submit">Tạo bản nháp</button>
</form></section>
</main>`,
  );
}

const COUNT_ROWS: [string, (c: Json) => number][] = [
  ['Đã gửi', (c) => c.sent],
  ['Đang gửi', (c) => c.queued + c.waiting],
  ['Lỗi: người học đã chặn', (c) => c.failed.blocked],
  ['Lỗi: quá giới hạn', (c) => c.failed['rate-limited']],
  ['Lỗi: quá dài', (c) => c.failed['too-long']],
  ['Lỗi khác', (c) => c.failed.other],
  ['Bỏ qua: đã tắt tin', (c) => c.skipped.stopped],
  ['Không rõ (đang gửi khi máy dừng)', (c) => c.unknown],
  ['Đã bấm chọn (tương tác)', (c) => c.engaged],
];

const ACTIONS: Record<string, [string, string][]> = {
  draft: [
    ['send', 'Gửi'],
    ['cancel', 'Hủy'],
  ],
  scheduled: [
    ['pause', 'Tạm dừng'],
    ['cancel', 'Hủy'],
  ],
  sending: [
    ['pause', 'Tạm dừng'],
    ['cancel', 'Hủy'],
    ['retry-failed', 'Gửi lại tin lỗi'],
  ],
  paused: [
    ['resume', 'Tiếp tục'],
    ['cancel', 'Hủy'],
    ['retry-failed', 'Gửi lại tin lỗi'],
  ],
  done: [['retry-failed', 'Gửi lại tin lỗi']],
  cancelled: [],
};

function previewBlock(name: string, p: Json): string {
  const messages = p.messages
    .map(
      (m: Json) =>
        `<div class="bubble">${escapeHtml(m.text).replace(/\n/g, '<br>')}${
          m.buttons
            ? `<div class="buttons">${m.buttons
                .flat()
                .map((b: string) => `<span>${escapeHtml(b)}</span>`)
                .join('')}</div>`
            : ''
        }</div>`,
    )
    .join('');
  return `<div class="preview"><h3>${name}</h3>${messages}<p class="hint">${number(p.length)} / ${number(p.limit)} ký tự${p.fits ? '' : ' – <strong>quá dài</strong>'}</p></div>`;
}

export function campaignPage(c: Json, preview: Json, note?: string): string {
  const total = Math.max(1, c.progress.done + c.progress.remaining);
  const eta = c.progress.etaSeconds === null ? '–' : `${Math.ceil(c.progress.etaSeconds / 60)} phút`;
  const actions = (ACTIONS[c.status] ?? [])
    .map(
      ([action, label]) =>
        `<form method="post" action="/admin/campaigns/${c.id}/${action}"><button type="submit">${label}</button></form>`,
    )
    .join('');
  return layout(
    `${c.name} – Chiến dịch – hocvuso`,
    `${header(c.name)}
<main>
${note ? `<p class="error" role="status">${escapeHtml(note)}</p>` : ''}
<section aria-labelledby="progress-title" id="progress" data-id="${c.id}" data-live="${c.status === 'sending' || c.status === 'scheduled'}">
<h2 id="progress-title">Tiến độ: <span data-k="status">${STATUS[c.status] ?? escapeHtml(c.status)}</span>${c.heldFor ? ` (chờ: ${c.heldFor === 'quiet-hours' ? 'giờ yên lặng' : 'đúng giờ đã chọn'})` : ''}</h2>
<progress max="${total}" value="${c.progress.done}" aria-label="Đã xong ${c.progress.done} trên ${total}"></progress>
<p>Đã xong <span data-k="done">${number(c.progress.done)}</span> / ${number(total)} · <span data-k="rate">${c.progress.ratePerSecond}</span> tin/giây · còn khoảng <span data-k="eta">${eta}</span></p>
<div class="scroll"><table><tbody>${COUNT_ROWS.map(([label, get]) => `<tr><th scope="row">${label}</th><td>${number(get(c.counts))}</td></tr>`).join('')}</tbody></table></div>
<p><a href="/admin/campaigns/${c.id}/deliveries.csv?status=failed">Tải danh sách lỗi (CSV)</a> · <a href="/admin/campaigns/${c.id}/deliveries.csv">Tải tất cả (CSV)</a> · <a href="/admin/campaigns/${c.id}">Làm mới</a></p>
</section>
<section aria-labelledby="actions-title"><h2 id="actions-title">Thao tác</h2><div class="actions">${actions || '<p>Không còn thao tác nào.</p>'}</div>
<form method="post" action="/admin/campaigns/${c.id}/test" class="stack">
<label for="t-platform">Gửi thử tới</label><select id="t-platform" name="platform"><option value="telegram">Telegram</option><option value="zalo">Zalo</option></select>
<label for="t-chat">Mã cuộc trò chuyện của bạn</label><input id="t-chat" name="chatId" inputmode="numeric">
<button type="submit">Gửi thử</button></form></section>
<section aria-labelledby="preview-title"><h2 id="preview-title">Xem trước</h2>
<div class="previews">${previewBlock('Telegram', preview.telegram)}${previewBlock('Zalo', preview.zalo)}</div></section>
</main>`,
    ['/admin/assets/campaign.js'],
  );
}
