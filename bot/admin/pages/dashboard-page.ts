import type { Catalog } from '../../content/catalog';
import type { StatsService } from '../../stats/stats-service';
import type { Principal } from '../principal';
import { escapeHtml, jsonBlock, layout, number, percent } from './html';

type Awaited2<T> = T extends Promise<infer U> ? U : T;
export interface DashboardData {
  principal: Principal;
  overview: Awaited2<ReturnType<StatsService['overview']>>;
  daily: Awaited2<ReturnType<StatsService['learners']>>;
  provinces: Awaited2<ReturnType<StatsService['learners']>>;
  courses: Awaited2<ReturnType<StatsService['courses']>>;
  questions: Awaited2<ReturnType<StatsService['questions']>>;
  volunteers?: {
    name: string;
    code: string;
    progress: {
      learners: number;
      learnersWithALesson: number;
      lessonsCompleted: number;
      coursesCompleted: number;
    };
  }[];
}

const ROLE_NAMES = { admin: 'quản trị viên', staff: 'cán bộ', supervisor: 'giám sát viên' } as const;

function card(label: string, value: string): string {
  return `<div class="card"><span class="figure">${value}</span><span class="label">${label}</span></div>`;
}

export function dashboardPage(data: DashboardData, catalog: Catalog): string {
  const { overview: o, principal } = data;
  const provinceName = (code: string) =>
    catalog.provinces.find((p) => p.code === code)?.name ?? (code === '?' ? 'Chưa chọn' : code);
  const scope =
    principal.provinces.length > 0 ? ` · ${principal.provinces.map(provinceName).join(', ')}` : '';
  const provinceRows = data.provinces
    .map(
      (
        p,
      ) => `<tr><th scope="row">${escapeHtml(provinceName(p.key))}</th><td data-v="${p.newLearners}">${number(p.newLearners)}</td>
<td data-v="${p.coursesStarted ?? 0}">${number(p.coursesStarted)}</td><td data-v="${p.coursesCompleted}">${number(p.coursesCompleted)}</td>
<td data-v="${p.courseCompletionRate ?? -1}">${percent(p.courseCompletionRate)}</td><td data-v="${p.firstTryAccuracy ?? -1}">${percent(p.firstTryAccuracy)}</td></tr>`,
    )
    .join('\n');
  const questionRows = data.questions
    .filter((q) => q.firstTryAnswers > 0)
    .slice(0, 10)
    .map(
      (
        q,
      ) => `<tr><td>${escapeHtml(q.prompt ?? q.questionId)}</td><td>${percent(q.firstTryAccuracy)}</td><td>${number(q.firstTryAnswers)}</td>
<td>${escapeHtml(q.mostChosenWrong?.text ?? q.mostChosenWrong?.chosen ?? '–')}</td></tr>`,
    )
    .join('\n');
  const volunteerRows = (data.volunteers ?? [])
    .map(
      (
        v,
      ) => `<tr><th scope="row">${escapeHtml(v.name)}</th><td>${escapeHtml(v.code)}</td><td>${number(v.progress.learners)}</td>
<td>${number(v.progress.learnersWithALesson)}</td><td>${number(v.progress.lessonsCompleted)}</td><td>${number(v.progress.coursesCompleted)}</td></tr>`,
    )
    .join('\n');
  const chartData = {
    daily: data.daily.map((d) => ({ day: d.key, active: d.activeLearners, new: d.newLearners })),
    funnel: data.courses.map((c) => ({ title: c.title, started: c.started, completed: c.completed })),
  };
  return layout(
    'Bảng điều khiển – hocvuso',
    `<header class="top">
<h1>Bảng điều khiển hocvuso</h1>
${adminNav(principal.role)}
<form method="post" action="/admin/logout"><span class="who">${escapeHtml(principal.name)} (${ROLE_NAMES[principal.role]}${escapeHtml(scope)})</span>
<button type="submit">Đăng xuất</button></form>
</header>
<main>
<section aria-labelledby="overview"><h2 id="overview">Tổng quan</h2>
<div class="cards">
${card('Người học', number(o.learners))}
${card('Mới hôm nay', number(o.newToday))}
${card('Hoạt động hôm nay', number(o.activeToday))}
${card('Hoạt động 7 ngày', number(o.active7Days))}
${card('Hoạt động 30 ngày', number(o.active30Days))}
${card('Câu trả lời', number(o.answers))}
${card('Đúng ngay lần đầu', percent(o.firstTryAccuracy))}
${card('Bài học hoàn thành', number(o.lessonsCompleted))}
${card('Khóa học hoàn thành', number(o.coursesCompleted))}
</div></section>
<section aria-labelledby="active"><h2 id="active">Người học hoạt động 30 ngày qua</h2>
<div class="chart"><canvas id="active-chart" role="img" aria-label="Biểu đồ số người học hoạt động và người học mới mỗi ngày"></canvas></div></section>
<section aria-labelledby="funnel"><h2 id="funnel">Tiến độ theo khóa học</h2>
<div class="chart tall"><canvas id="funnel-chart" role="img" aria-label="Biểu đồ số người bắt đầu và hoàn thành mỗi khóa học"></canvas></div></section>
<section aria-labelledby="provinces"><h2 id="provinces">Theo tỉnh, thành phố</h2>
<div class="scroll"><table id="province-table" class="sortable">
<thead><tr><th scope="col">Tỉnh/thành</th><th scope="col"><button type="button" data-col="1">Mới</button></th>
<th scope="col"><button type="button" data-col="2">Bắt đầu</button></th><th scope="col"><button type="button" data-col="3">Xong</button></th>
<th scope="col" aria-sort="descending"><button type="button" data-col="4">Tỉ lệ hoàn thành</button></th><th scope="col"><button type="button" data-col="5">Đúng lần 1</button></th></tr></thead>
<tbody>${provinceRows}</tbody></table></div></section>
<section aria-labelledby="hardest"><h2 id="hardest">Câu hỏi khó nhất</h2>
<div class="scroll"><table><thead><tr><th scope="col">Câu hỏi</th><th scope="col">Đúng lần đầu</th><th scope="col">Lượt trả lời</th><th scope="col">Đáp án sai hay chọn nhất</th></tr></thead>
<tbody>${questionRows || '<tr><td colspan="4">Chưa có câu trả lời.</td></tr>'}</tbody></table></div></section>
${
  data.volunteers
    ? `<section aria-labelledby="volunteers"><h2 id="volunteers">Tình nguyện viên</h2>
<div class="scroll"><table><thead><tr><th scope="col">Tên</th><th scope="col">Mã</th><th scope="col">Người học</th><th scope="col">Đã xong 1 bài</th><th scope="col">Bài hoàn thành</th><th scope="col">Khóa hoàn thành</th></tr></thead>
<tbody>${volunteerRows || '<tr><td colspan="6">Chưa có tình nguyện viên.</td></tr>'}</tbody></table></div></section>`
    : ''
}
<p class="hint">Số liệu đến hết ${escapeHtml(o.rolledUpThrough ?? '–')} lấy từ bảng tổng hợp theo ngày; hôm nay được tổng hợp vài phút một lần, phần mới nhất được tính trực tiếp.</p>
</main>
${jsonBlock('dashboard-data', chartData)}`,
    ['/admin/assets/chart.umd.min.js', '/admin/assets/dashboard.js'],
  );
}

/** Links to the other staff pages: campaigns for staff and admins, job queues for admins. */
function adminNav(role: string): string {
  const links = [
    role === 'supervisor' ? '' : '<a href="/admin/campaigns">Chiến dịch gửi tin</a>',
    role === 'admin' ? '<a href="/admin/queues">Hàng đợi công việc</a>' : '',
  ].filter(Boolean);
  return links.length > 0 ? `<nav aria-label="Trang quản trị">${links.join(' · ')}</nav>` : '';
}
