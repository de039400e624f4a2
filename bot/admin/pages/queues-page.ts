import type { JobFailure, QueueCounts } from '../../../worker/queue/job-queue';
import { failureText } from './failure-text';
import { escapeHtml, layout, number } from './html';

export interface QueueView {
  name: string;
  counts?: QueueCounts;
  failures: (JobFailure & { queue: string })[];
}

export interface QueuesPageData {
  kind: 'in-process' | 'bullmq';
  queues: QueueView[];
  /** Set when the queue backend did not answer. */
  error?: string;
  timeZone: string;
}

const KIND_NOTES = {
  'in-process':
    'Hàng đợi chạy ngay trong tiến trình này (không có REDIS_URL): số liệu chỉ của tiến trình này và mất khi khởi động lại.',
  bullmq: 'Hàng đợi BullMQ trên Redis: số liệu chung của mọi tiến trình.',
};

/** Job queues for admins: counts per queue and the latest failures (when, runs, the error; never job data). */
export function queuesPage(data: QueuesPageData): string {
  const time = new Intl.DateTimeFormat('vi-VN', {
    timeZone: data.timeZone,
    dateStyle: 'short',
    timeStyle: 'medium',
  });
  const rows = data.queues
    .map(({ name, counts: c }) =>
      c
        ? `<tr><th scope="row">${escapeHtml(name)}</th><td>${number(c.waiting)}</td><td>${number(c.active)}</td>
<td>${number(c.delayed)}</td><td${c.failed > 0 ? ' class="bad"' : ''}>${number(c.failed)}</td><td>${number(c.completed)}</td></tr>`
        : `<tr><th scope="row">${escapeHtml(name)}</th><td colspan="5">Không đọc được</td></tr>`,
    )
    .join('\n');
  const failures = data.queues
    .flatMap((q) => q.failures)
    .sort((a, b) => b.failedAt.getTime() - a.failedAt.getTime())
    .slice(0, 20)
    .map(
      (f) =>
        `<tr><td>${escapeHtml(time.format(f.failedAt))}</td><th scope="row">${escapeHtml(f.queue)}</th><td>${f.attempts}</td><td class="wrap">${escapeHtml(failureText(f.reason))}</td></tr>`,
    )
    .join('\n');
  return layout(
    'Hàng đợi công việc – hocvuso',
    `<header class="top">
<h1>Hàng đợi công việc</h1>
<nav><a href="/admin">Bảng điều khiển</a> · <a href="/admin/queues">Tải lại</a></nav>
</header>
<main>
<p class="hint" id="queue-kind">${KIND_NOTES[data.kind]}</p>
${data.error ? `<p class="error" role="alert">${escapeHtml(data.error)}</p>` : ''}
<section aria-labelledby="counts"><h2 id="counts">Số việc theo hàng đợi</h2>
<div class="scroll" tabindex="0"><table id="queue-table"><thead><tr><th scope="col">Hàng đợi</th><th scope="col">Đang chờ</th>
<th scope="col">Đang chạy</th><th scope="col">Hẹn giờ</th><th scope="col">Lỗi</th><th scope="col">Xong</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>
<section aria-labelledby="failures"><h2 id="failures">Lỗi gần đây</h2>
<div class="scroll" tabindex="0"><table id="failure-table"><thead><tr><th scope="col">Lúc</th><th scope="col">Hàng đợi</th><th scope="col">Số lần chạy</th><th scope="col">Lỗi</th></tr></thead>
<tbody>${failures || '<tr><td colspan="4">Không có lỗi nào.</td></tr>'}</tbody></table></div></section>
<p class="hint">Việc đã xong được giữ 1 giờ, việc lỗi 7 ngày. Chỉ hiện thời điểm, số lần chạy và thông báo lỗi (số dài, e-mail, mã bí mật đã được che); không bao giờ hiện dữ liệu của việc.</p>
</main>`,
  );
}
