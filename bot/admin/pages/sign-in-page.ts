import { escapeHtml, layout } from './html';

export function signInPage(error?: string): string {
  return layout(
    'Đăng nhập – hocvuso',
    `<main class="narrow">
<h1>Bảng điều khiển hocvuso</h1>
<p>Dành cho cán bộ, giám sát viên và quản trị viên phong trào “Bình dân học vụ số”.</p>
<form method="post" action="/admin/login" class="card">
  <label for="key">Khóa truy cập (API key)</label>
  <input id="key" name="key" type="password" autocomplete="current-password" required>
  ${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
  <button type="submit">Đăng nhập</button>
</form>
<p class="hint">Chưa có khóa? Quản trị viên tạo khóa bằng lệnh <code>npm run admin:key</code>.</p>
</main>`,
  );
}
