// The console's notices page: the outbox (GET /api/v1/outbox), what waits,
// what went out, what was dropped and why, and the failed webhook
// deliveries to redeliver or skip. Its own page beside the console
// (index.html links it), reading the console's token from sessionStorage.
// The DOM is built with textContent only: nothing from the API is parsed
// as HTML.
'use strict';

(() => {
  const TOKEN_KEY = 'mark.console.token';
  const token = () => sessionStorage.getItem(TOKEN_KEY) || '';
  const $ = (id) => document.getElementById(id);

  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v);
    }
    for (const kid of kids.flat()) if (kid != null) el.append(kid instanceof Node ? kid : String(kid));
    return el;
  }

  async function api(method, path, body) {
    const init = { method, headers: { Authorization: 'Bearer ' + token() } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(path, init);
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.detail || data.title || res.status);
    return data;
  }

  const STATE_WORDS = { pending: '未送信 pending', failed: '失敗 failed', sent: '送信済 sent',
                        dropped: '取りやめ dropped', skipped: 'スキップ skipped' };

  function flash(text, bad) {
    const f = $('flash');
    f.textContent = text;
    f.className = bad ? 'flash error' : 'flash';
    f.hidden = false;
  }

  function actions(row) {
    if (row.state !== 'failed' && row.state !== 'pending') return '';
    const act = (what, body) => async () => {
      try {
        await api('POST', '/api/v1/outbox/' + row.id + '/' + what, body);
        flash(what === 'skip' ? 'スキップしました / skipped' : '再送を予定しました / redelivery scheduled');
        load();
      } catch (e) { flash(String(e.message), true); }
    };
    return h('span', {},
      h('button', { type: 'button', class: 'redeliver', onclick: act('redeliver', {}) }, '再送 / Redeliver'), ' ',
      h('button', { type: 'button', class: 'skip', onclick: () => {
        const reason = prompt('スキップの理由 / Why skip it?');
        if (reason) act('skip', { reason })();
      } }, 'スキップ / Skip'));
  }

  async function load() {
    if (!token()) { $('signin').hidden = false; return; }
    const q = new URLSearchParams({ limit: '200' });
    if ($('state').value) q.set('state', $('state').value);
    if ($('channel').value) q.set('channel', $('channel').value);
    let data;
    try { data = await api('GET', '/api/v1/outbox?' + q); } catch (e) { flash(String(e.message), true); return; }
    $('counts').textContent = Object.entries(data.counts).map(([k, v]) => (STATE_WORDS[k] || k) + ': ' + v).join(' · ');
    const rows = data.items.map((r) => h('tr', { class: 'state-' + r.state },
      h('td', { class: 'num' }, r.id),
      h('td', {}, r.channel === 'mail' ? 'メール' : 'Webhook'),
      h('td', {}, r.kind),
      h('td', {}, r.number || ''),
      h('td', {}, r.channel === 'mail' ? (r.recipients || r.role || '') : (r.endpoint_id || '')),
      h('td', {}, r.subject || ''),
      h('td', {}, STATE_WORDS[r.state] || r.state),
      h('td', { class: 'num' }, r.attempts),
      h('td', {}, r.created_at),
      h('td', {}, r.reason || r.last_error || ''),
      h('td', {}, actions(r))));
    $('view').replaceChildren(h('table', { id: 'outbox' },
      h('thead', {}, h('tr', {}, ['#', '経路 / Channel', '種類 / Kind', '番号 / Mark', '宛先 / To', '件名 / Subject',
        '状態 / State', '試行 / Tries', '作成 / Created', '理由・エラー / Reason, error', ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, rows)));
    document.body.dataset.ready = 'true';
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('filters').addEventListener('submit', (ev) => { ev.preventDefault(); load(); });
    load();
  });
})();
