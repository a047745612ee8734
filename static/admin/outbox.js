// The secretariat console's notices page (#/outbox): the outbox
// (GET /api/v1/outbox), what waits, what went out, what was dropped and
// why, newest first, filtered by state and channel and paged; a failed or
// waiting delivery is redelivered or skipped with a reason
// (POST /api/v1/outbox/{id}/redeliver|skip). A page in a file of its own:
// admin.js routes to it and hands it the helpers pages share (ui).
(() => {
  'use strict';
  const STRINGS = {
    ja: {
      ob_title: '通知（送信箱）', ob_hint: 'メールと Webhook の通知は、変更と同じ取引で送信箱に書かれ、届けた後も記録として残ります。',
      ob_all: 'すべて', ob_pending: '未送信', ob_failed: '失敗', ob_sent: '送信済', ob_dropped: '取りやめ', ob_skipped: 'スキップ',
      ob_mail: 'メール', ob_webhook: 'Webhook', ob_any_channel: 'すべての経路',
      ob_id: '#', ob_channel: '経路', ob_kind: '種類', ob_mark: '番号', ob_to: '宛先', ob_subject: '件名', ob_state: '状態',
      ob_tries: '試行', ob_created: '作成', ob_why: '理由・エラー', ob_action: '操作',
      ob_redeliver: '再送する', ob_skip: 'スキップする', ob_reason: 'スキップの理由（記録されます）', ob_more: 'さらに表示',
      ob_confirm_redeliver: '通知 {id}（{kind}）をもう一度送ります。', ob_confirm_skip: '通知 {id}（{kind}）を送らずに終えます。後の通知が先に進みます。',
      ob_none: '該当する通知はありません。',
    },
    en: {
      ob_title: 'Notices (outbox)', ob_hint: 'E-mail and webhook notices are written to the outbox in the same transaction as the change, and kept as the record once delivered.',
      ob_all: 'All', ob_pending: 'Pending', ob_failed: 'Failed', ob_sent: 'Sent', ob_dropped: 'Dropped', ob_skipped: 'Skipped',
      ob_mail: 'E-mail', ob_webhook: 'Webhook', ob_any_channel: 'Any channel',
      ob_id: '#', ob_channel: 'Channel', ob_kind: 'Kind', ob_mark: 'Mark', ob_to: 'To', ob_subject: 'Subject', ob_state: 'State',
      ob_tries: 'Tries', ob_created: 'Created', ob_why: 'Reason, error', ob_action: 'Action',
      ob_redeliver: 'Redeliver', ob_skip: 'Skip', ob_reason: 'Why skip it (recorded)', ob_more: 'More',
      ob_confirm_redeliver: 'Notice {id} ({kind}) is sent again.', ob_confirm_skip: 'Notice {id} ({kind}) ends unsent; later notices go ahead.',
      ob_none: 'No notices match.',
    },
  };
  const STATES = ['', 'pending', 'failed', 'sent', 'dropped', 'skipped'];
  const CHANNELS = ['', 'mail', 'webhook'];

  async function outbox(ui, params) {
    const { h, api, jst, render, table, pill, markLink, isMarkNumber, flash, problemText, confirmAction, route } = ui;
    const s = (key, vars) => {
      let text = (STRINGS[ui.lang()] || STRINGS.ja)[key] || STRINGS.ja[key] || key;
      if (vars) for (const [k, v] of Object.entries(vars)) text = text.replace('{' + k + '}', String(v));
      return text;
    };
    const state = STATES.includes(params.get('state') || '') ? params.get('state') || '' : '';
    const channel = CHANNELS.includes(params.get('channel') || '') ? params.get('channel') || '' : '';
    const before = /^[0-9]{1,18}$/.test(params.get('before') || '') ? params.get('before') : '';
    const query = new URLSearchParams({ limit: '100' });
    if (state) query.set('state', state);
    if (channel) query.set('channel', channel);
    if (before) query.set('before', before);
    const page = await api('GET', '/api/v1/outbox?' + query.toString());
    const link = (st, ch, extra) => {
      const q = new URLSearchParams();
      if (st) q.set('state', st);
      if (ch) q.set('channel', ch);
      for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
      const text = q.toString();
      return '#/outbox' + (text ? '?' + text : '');
    };

    async function act(row, what) {
      const fields = what === 'skip' ? [{ name: 'reason', label: s('ob_reason'), type: 'textarea', value: '', required: true }] : [];
      const values = await confirmAction({
        title: s('ob_title'), text: s('ob_confirm_' + what, { id: row.id, kind: row.kind }),
        okLabel: s('ob_' + what), fields,
      });
      if (!values) return;
      try {
        await api('POST', '/api/v1/outbox/' + encodeURIComponent(row.id) + '/' + what, what === 'skip' ? { reason: values.reason } : {});
        flash(ui.t('done'));
        route();
      } catch (e) { flash(problemText(e), true); }
    }
    const actions = (r) => (r.state === 'failed' || r.state === 'pending') ? [
      h('button', { type: 'button', class: 'secondary', 'data-notice': r.id, 'data-action': 'redeliver', onclick: () => act(r, 'redeliver') }, s('ob_redeliver')), ' ',
      h('button', { type: 'button', class: 'secondary', 'data-notice': r.id, 'data-action': 'skip', onclick: () => act(r, 'skip') }, s('ob_skip'))] : [];
    const tone = { sent: 'pass', failed: 'failed', pending: 'due' };

    const counts = h('p', { id: 'outbox-counts' }, Object.entries(page.counts).map(([k, v]) => s('ob_' + k) + ': ' + v).join(' · '));
    const filter = h('div', { class: 'inline', id: 'outbox-filter' },
      STATES.map((st) => h('a', { href: link(st, channel), class: st === state ? 'active' : '' }, s(st ? 'ob_' + st : 'ob_all'))),
      ' | ',
      CHANNELS.map((ch) => h('a', { href: link(state, ch), class: ch === channel ? 'active' : '' }, s(ch ? 'ob_' + ch : 'ob_any_channel'))));
    const nowrap = (text) => h('span', { class: 'nowrap' }, text);
    const rows = page.items.map((r) => [String(r.id), nowrap(s('ob_' + r.channel)), nowrap(r.kind),
      isMarkNumber(r.number) ? markLink(r.number) : (r.number || ''),
      r.channel === 'mail' ? (r.recipients || r.role || '') : (r.endpoint_id || ''), h('span', { class: 'wide' }, r.subject || ''),
      pill(tone[r.state] || r.state, s('ob_' + r.state)), String(r.attempts), jst(r.created_at), r.reason || r.last_error || '',
      h('span', { class: 'buttons' }, actions(r))]);
    const next = page.next_before ? h('p', {}, h('a', { id: 'outbox-more', href: link(state, channel, { before: page.next_before }) }, s('ob_more'))) : null;
    render(h('h2', {}, s('ob_title')), h('p', { class: 'muted' }, s('ob_hint')), counts, filter,
      h('section', { class: 'card', id: 'outbox' },
        rows.length ? table([s('ob_id'), s('ob_channel'), s('ob_kind'), s('ob_mark'), s('ob_to'), s('ob_subject'), s('ob_state'),
          s('ob_tries'), s('ob_created'), s('ob_why'), s('ob_action')], rows) : h('p', { class: 'muted' }, s('ob_none'))),
      next);
  }

  window.MarkConsolePages = Object.assign(window.MarkConsolePages || {}, { outbox });
})();
