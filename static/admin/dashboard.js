// The console's dashboard (#/dashboard: renewals due, overdue fees, counts)
// and today's page (#/today: the server's attention list, kind by kind).
// A page in a file of its own: admin.js installs it once, with the helpers
// pages share (ui), and routes to what it returns.
(window.MarkConsoleInstallers = window.MarkConsoleInstallers || []).push((ui) => {
  'use strict';
  const { t, h, pill, table, jst, jstToday, markLink, api, problemText, render, nextSession, thisMonth, renewalRows,
    renewalHeads, attKind, feeTable } = ui;

  async function showDashboard() {
    const month = thisMonth();
    const session = nextSession(month);
    // The server counts the marks (exact at any size).
    const [counts, renewals, fees] = await Promise.all([api('GET', '/api/v1/marks/counts'),
      api('GET', '/api/v1/calendar/renewals?within_days=400'), api('GET', '/api/v1/calendar/fees?state=overdue')]);
    const isp = counts.by_scheme.isp.by_status.valid, wifi = counts.by_scheme.wifi.by_status.valid;
    let audit = null;
    try { audit = await api('GET', '/api/v1/audit?limit=10'); } catch (e) { audit = { error: problemText(e) }; }
    let attention = null;
    try { attention = await api('GET', '/api/v1/attention'); } catch (e) { attention = { error: problemText(e) }; }
    const dueNow = renewals.items.filter((r) => r.renewal_due_month === month && r.status !== 'revoked' && r.status !== 'returned');
    const forSession = renewals.items.filter((r) => r.next_session === session && r.status !== 'revoked' && r.status !== 'returned');
    render(
      h('h2', {}, t('nav_dashboard')),
      h('div', { class: 'grid' },
        h('div', { class: 'card', id: 'stat-isp' }, h('div', { class: 'stat-label' }, t('valid_marks') + ' — ' + t('scheme_isp')), h('div', { class: 'stat' }, isp)),
        h('div', { class: 'card', id: 'stat-wifi' }, h('div', { class: 'stat-label' }, t('valid_marks') + ' — ' + t('scheme_wifi')), h('div', { class: 'stat' }, wifi)),
        h('div', { class: 'card', id: 'stat-total' }, h('div', { class: 'stat-label' }, t('marks_total')), h('div', { class: 'stat' }, counts.total)),
        h('div', { class: 'card', id: 'stat-overdue' }, h('div', { class: 'stat-label' }, t('overdue_fees')), h('div', { class: 'stat' }, fees.items.length))),
      h('section', { class: 'card', id: 'due-this-month' }, h('h3', {}, t('due_this_month') + ' (' + month + ')'), table(renewalHeads(), renewalRows(dueNow))),
      h('section', { class: 'card', id: 'due-next-session' }, h('h3', {}, t('due_next_session', { s: session })), table(renewalHeads(), renewalRows(forSession))),
      h('section', { class: 'card', id: 'overdue-fees' }, h('h3', {}, t('overdue_fees')), feeTable(fees.items, false)),
      h('section', { class: 'card', id: 'attention' }, h('h3', {}, t('attention')),
        attention.error ? h('p', { class: 'muted' }, attention.error) :
          table([t('kind'), t('mark'), ''], attention.items.map((a) => [attKind(a.kind), a.mark ? markLink(a.mark) : '—', a.detail]))),
      h('section', { class: 'card', id: 'recent' }, h('h3', {}, t('recent_changes')),
        audit.error ? h('p', { class: 'muted' }, audit.error) :
          table([t('at'), t('actor'), t('action'), t('target'), t('outcome')],
            audit.items.map((a) => [jst(a.at), a.actor, a.action, a.target, pill(a.outcome === 'ok' ? 'pass' : 'fail', a.outcome)]))));
  }

  // Today: what needs the secretariat, kind by kind, as the server lists
  // and counts it (GET /api/v1/attention).
  async function showToday() {
    const a = await api('GET', '/api/v1/attention');
    const kinds = Object.keys(a.counts);
    const today = jstToday();
    render(h('h2', {}, t('today_title', { d: today })), h('p', { class: 'hint' }, t('today_hint')),
      h('ul', { class: 'today-counts', id: 'today-counts' }, kinds.map((k) =>
        h('li', { 'data-kind': k, class: a.counts[k] ? 'has' : '' }, h('a', { href: '#today-' + k, onclick: (ev) => {
          ev.preventDefault();
          const el = document.getElementById('today-' + k);
          if (el) el.scrollIntoView();
        } }, attKind(k)), ' ', h('span', { class: 'count' }, String(a.counts[k]))))),
      ...kinds.filter((k) => a.counts[k] > 0).map((k) => h('section', { class: 'card today-kind', id: 'today-' + k, 'data-kind': k },
        h('h3', {}, attKind(k) + ' (' + a.counts[k] + ')'),
        table([t('mark'), ''], a.items.filter((i) => i.kind === k).map((i) => [
          i.mark ? markLink(i.mark) : (i.application ? h('a', { href: '#/applications/' + encodeURIComponent(i.application) }, i.application) : '—'),
          i.detail])))));
  }

  return {
    dashboard: () => showDashboard(),
    today: () => showToday(),
  };
});
