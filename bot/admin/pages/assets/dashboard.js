// Draws the dashboard charts with Chart.js (served by the app itself) and sorts the province table.
(() => {
  const data = JSON.parse(document.getElementById('dashboard-data').textContent);
  const ink = '#1f2937';
  Chart.defaults.color = ink;
  Chart.defaults.font.size = 13;
  Chart.defaults.maintainAspectRatio = false;
  const done = [];
  done.push(
    new Chart(document.getElementById('active-chart'), {
      type: 'line',
      data: {
        labels: data.daily.map((d) => d.day.slice(5)),
        datasets: [
          {
            label: 'Hoạt động',
            data: data.daily.map((d) => d.active),
            borderColor: '#b91c1c',
            backgroundColor: '#b91c1c',
            tension: 0.2,
          },
          {
            label: 'Mới',
            data: data.daily.map((d) => d.new),
            borderColor: '#1d4ed8',
            backgroundColor: '#1d4ed8',
            tension: 0.2,
          },
        ],
      },
      options: { animation: false, scales: { y: { beginAtZero: true } } },
    }),
  );
  done.push(
    new Chart(document.getElementById('funnel-chart'), {
      type: 'bar',
      data: {
        labels: data.funnel.map((c) => c.title),
        datasets: [
          { label: 'Bắt đầu', data: data.funnel.map((c) => c.started), backgroundColor: '#93c5fd' },
          { label: 'Hoàn thành', data: data.funnel.map((c) => c.completed), backgroundColor: '#15803d' },
        ],
      },
      options: { animation: false, indexAxis: 'y', scales: { x: { beginAtZero: true } } },
    }),
  );
  document.body.dataset.charts = String(done.length);

  const table = document.getElementById('province-table');
  if (!table) return;
  for (const button of table.querySelectorAll('thead button')) {
    button.addEventListener('click', () => {
      const col = Number(button.dataset.col);
      const th = button.closest('th');
      const descending = th.getAttribute('aria-sort') !== 'descending';
      for (const other of table.querySelectorAll('thead th')) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      const body = table.tBodies[0];
      const rows = [...body.rows].sort((a, b) => {
        const diff = Number(a.cells[col].dataset.v) - Number(b.cells[col].dataset.v);
        return descending ? -diff : diff;
      });
      for (const row of rows) body.append(row);
    });
  }
})();
