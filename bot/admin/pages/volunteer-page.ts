import type { VolunteerLinks, VolunteerProgress } from '../volunteers';
import { escapeHtml, layout, number } from './html';

/** A volunteer's own read-only page: their code, links and their learners' progress (aggregates only). */
export function volunteerPage(v: {
  name: string;
  code: string;
  links: VolunteerLinks;
  progress: VolunteerProgress;
}): string {
  const link = (label: string, url: string | null) =>
    url ? `<li>${label}: <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></li>` : '';
  return layout(
    `Tình nguyện viên ${v.name} – hocvuso`,
    `<main class="narrow">
<h1>Xin chào ${escapeHtml(v.name)}</h1>
<p>Mã giới thiệu của bạn: <strong>${escapeHtml(v.code)}</strong></p>
<ul class="links">
${link('Telegram', v.links.telegram)}
${link(`Zalo (mở bot rồi gửi <code>/start ${escapeHtml(v.code)}</code>)`, v.links.zalo)}
${link('Trò chuyện trên web', v.links.web)}
</ul>
<h2>Người học bạn đã giới thiệu</h2>
<div class="cards">
  <div class="card"><span class="figure">${number(v.progress.learners)}</span><span class="label">Người học</span></div>
  <div class="card"><span class="figure">${number(v.progress.learnersWithALesson)}</span><span class="label">Đã học xong ít nhất 1 bài</span></div>
  <div class="card"><span class="figure">${number(v.progress.lessonsCompleted)}</span><span class="label">Bài học hoàn thành</span></div>
  <div class="card"><span class="figure">${number(v.progress.coursesCompleted)}</span><span class="label">Khóa học hoàn thành</span></div>
  <div class="card"><span class="figure">${number(v.progress.active30Days)}</span><span class="label">Hoạt động trong 30 ngày</span></div>
</div>
<p class="hint">Trang này chỉ hiện số liệu tổng hợp, không có tên hay thông tin riêng của người học.</p>
</main>`,
  );
}
