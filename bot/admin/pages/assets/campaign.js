// Live progress of a campaign being sent: the figures are fetched again every few seconds.
(() => {
  const section = document.getElementById('progress');
  if (section?.dataset.live !== 'true') return;
  const set = (key, value) => {
    const node = section.querySelector(`[data-k="${key}"]`);
    if (node) node.textContent = value;
  };
  const tick = async () => {
    const response = await fetch(`/admin/campaigns/${section.dataset.id}/progress.json`);
    if (!response.ok) return;
    const c = await response.json();
    const total = Math.max(1, c.progress.done + c.progress.remaining);
    const bar = section.querySelector('progress');
    bar.max = total;
    bar.value = c.progress.done;
    set('done', c.progress.done.toLocaleString('vi-VN'));
    set('rate', String(c.progress.ratePerSecond));
    set('eta', c.progress.etaSeconds === null ? '–' : `${Math.ceil(c.progress.etaSeconds / 60)} phút`);
    if (c.status === 'sending' || c.status === 'scheduled') setTimeout(tick, 3000);
    else window.location.reload();
  };
  setTimeout(tick, 3000);
})();
