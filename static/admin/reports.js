// The secretariat console's misuse-report inbox (#/reports): reports from the
// verify page, newest first, filtered by status and paged; each moves
// new → investigating → closed (a closed one may be reopened) with a note
// (GET /api/v1/reports?status=, PATCH /api/v1/reports/{id}). A page in a file
// of its own: admin.js routes to it and hands it the helpers pages share (ui).
(() => {
  'use strict';
  const STRINGS = {
    ja: {
      rp_title: '不正利用の報告', rp_all: 'すべて', rp_open: '未完了', rp_new: '新規', rp_investigating: '調査中', rp_closed: '完了',
      rp_received: '受付日時', rp_number: '番号', rp_seen_at: '見かけた場所', rp_what: '内容', rp_status: '状態',
      rp_note: 'メモ', rp_updated: '更新', rp_move: '操作', rp_investigate: '調査する', rp_close: '完了にする',
      rp_reopen: '再開する', rp_more: 'さらに表示', rp_note_required: 'メモ(完了には必須)',
      rp_confirm: '報告 {id} を「{status}」にします。',
    },
    en: {
      rp_title: 'Misuse reports', rp_all: 'All', rp_open: 'Open', rp_new: 'New', rp_investigating: 'Investigating', rp_closed: 'Closed',
      rp_received: 'Received', rp_number: 'Number', rp_seen_at: 'Seen at', rp_what: 'What', rp_status: 'Status',
      rp_note: 'Note', rp_updated: 'Updated', rp_move: 'Action', rp_investigate: 'Investigate', rp_close: 'Close',
      rp_reopen: 'Reopen', rp_more: 'More', rp_note_required: 'Note (required to close)',
      rp_confirm: 'Report {id} becomes "{status}".',
    },
  };
  const FILTERS = ['open', 'new', 'investigating', 'closed', ''];

  async function reports(ui, params) {
    const { h, api, render, table, pill, markLink, isMarkNumber, flash, problemText, confirmAction, route } = ui;
    const s = (key, vars) => {
      let text = (STRINGS[ui.lang()] || STRINGS.ja)[key] || STRINGS.ja[key] || key;
      if (vars) for (const [k, v] of Object.entries(vars)) text = text.replace('{' + k + '}', String(v));
      return text;
    };
    const asked = params.get('status');
    const status = asked === 'all' ? '' : FILTERS.includes(asked) ? asked : 'open';
    const cursor = /^[0-9]{1,18}$/.test(params.get('cursor') || '') ? params.get('cursor') : '';
    const query = new URLSearchParams({ limit: '50' });
    if (status) query.set('status', status);
    if (cursor) query.set('cursor', cursor);
    const page = await api('GET', '/api/v1/reports?' + query.toString());

    async function move(report, to) {
      const values = await confirmAction({
        title: s('rp_title'), text: s('rp_confirm', { id: report.id, status: s('rp_' + to) }), okLabel: s(to === 'closed' ? 'rp_close' : 'rp_investigate'),
        fields: [{ name: 'note', label: s('rp_note_required'), type: 'textarea', value: report.note, required: to === 'closed' }],
      });
      if (!values) return;
      try {
        await api('PATCH', '/api/v1/reports/' + encodeURIComponent(report.id), { status: to, note: values.note });
        flash(ui.t('done'));
        route();
      } catch (e) { flash(problemText(e), true); }
    }
    const button = (report, to, label) =>
      h('button', { type: 'button', class: 'secondary', 'data-report': report.id, 'data-to': to, onclick: () => move(report, to) }, s(label));
    const actions = (r) => r.status === 'new' ? [button(r, 'investigating', 'rp_investigate'), ' ', button(r, 'closed', 'rp_close')]
      : r.status === 'investigating' ? [button(r, 'closed', 'rp_close')] : [button(r, 'investigating', 'rp_reopen')];

    const filter = h('div', { class: 'inline', id: 'report-filter' }, FILTERS.map((f) =>
      h('a', { href: '#/reports' + (f ? '?status=' + f : '?status=all'), class: f === status ? 'active' : '' }, s(f ? 'rp_' + f : 'rp_all'))));
    const rows = page.items.map((r) => [r.created_at, isMarkNumber(r.number) ? markLink(r.number) : r.number,
      r.seen_at, r.what, pill(r.status, s('rp_' + r.status)), r.note, r.updated_at ? r.updated_at + ' ' + r.updated_by : '',
      h('span', { class: 'buttons' }, actions(r))]);
    const next = page.next_cursor ? h('p', {}, h('a', { id: 'reports-more', href: '#/reports?status=' + (status || 'all') + '&cursor=' + page.next_cursor }, s('rp_more'))) : null;
    render(h('h2', {}, s('rp_title')), filter,
      h('section', { class: 'card', id: 'reports' },
        table([s('rp_received'), s('rp_number'), s('rp_seen_at'), s('rp_what'), s('rp_status'), s('rp_note'), s('rp_updated'), s('rp_move')], rows)),
      next);
  }

  window.MarkConsolePages = Object.assign(window.MarkConsolePages || {}, { reports });
})();
