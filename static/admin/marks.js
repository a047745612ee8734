// The console's marks (#/marks, #/marks/NUMBER): the list with the
// server's counts, and one mark's certificate, history and actions.
// A page in a file of its own: admin.js installs it once, with the helpers
// pages share (ui), and routes to what it returns.
(window.MarkConsoleInstallers = window.MarkConsoleInstallers || []).push((ui) => {
  'use strict';
  const { t, h, pill, table, jst, statusWord, publicLinks, schemeName, markLink, api, confirmedWrite, render, route } = ui;
  const lang = ui.lang;  // the console's language may change while the page lives

  async function showMarks(params) {
    const q = params.get('q') || '';
    const r = await api('GET', '/api/v1/marks?limit=100' + (q ? '&q=' + encodeURIComponent(q) : ''));
    const input = h('input', { id: 'q', name: 'q', value: q, placeholder: t('search_hint'), 'aria-label': t('search_hint') });
    const form = h('form', { class: 'inline card' }, input, h('button', { type: 'submit' }, t('search')));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); location.hash = '#/marks?q=' + encodeURIComponent(input.value.trim()); });
    render(h('h2', {}, t('nav_marks')), form, h('section', { class: 'card' }, table([t('number'), t('scheme'), t('operator'), t('service'), t('valid_until'), t('status'), t('links')],
      r.items.map((m) => [markLink(m.number), schemeName(m.scheme), lang() === 'en' ? m.operator.name_en : m.operator.name,
        lang() === 'en' ? m.service.name_en : m.service.name, m.valid_until, pill(m.status, statusWord(m.status)), publicLinks(m)]))));
  }

  async function showMark(number) {
    const path = '/api/v1/marks/' + encodeURIComponent(number);
    const [m, hist, codes] = await Promise.all([api('GET', path), api('GET', path + '/history'), api('GET', '/api/v1/reason-codes')]);
    const act = (name, body) => (v) => api('POST', path + '/' + name, body(v));
    const button = (name, cls, opts, body) => h('button', { type: 'button', id: 'act-' + name, class: cls,
      onclick: async () => { if (await confirmedWrite(opts, act(name.replace('-paper', ''), body))) route(); } }, opts.okLabel);
    // The reason is public (the check page shows it); the code is picked
    // from the server's list for this write, never typed.
    const codeOptions = (write) => codes[write].map((c) => ({ value: c, label: t('rc_' + c) + ' (' + c + ')' }));
    const reasonField = [{ name: 'reason', label: t('reason_public'), type: 'textarea', required: true }];
    const coded = (write) => [...reasonField, { name: 'reason_code', label: t('reason_code'), type: 'select', options: codeOptions(write) }];
    const publicText = (status) => (v) => statusWord(status) + ': ' + (v.reason || '…') + (v.reason_code ? ' (' + t('rc_' + v.reason_code) + ')' : '');
    const returnFields = [...reasonField, { name: 'reason_code', label: t('return_code'), type: 'select', options: codeOptions('return') }];
    const actions = [];
    if (m.status !== 'revoked' && m.status !== 'returned') {
      if (m.status === 'suspended') actions.push(button('reinstate', '', { title: t('reinstate'), text: t('confirm_reinstate', { n: number }), fields: reasonField, okLabel: t('reinstate') }, (v) => ({ reason: v.reason })));
      else actions.push(button('suspend', 'secondary', { title: t('suspend'), text: t('confirm_suspend', { n: number }), fields: coded('suspend'), okLabel: t('suspend'),
        preview: publicText('suspended') }, (v) => ({ reason: v.reason, reason_code: v.reason_code })));
      actions.push(button('renew-paper', 'secondary', { title: t('renew_paper'), text: t('confirm_renew_paper', { n: number }),
        fields: [{ name: 'note', label: t('reason'), type: 'textarea', required: true }], okLabel: t('renew_paper') }, (v) => ({ basis: 'import', note: v.note })));
      actions.push(button('return', 'secondary', { title: t('return'), text: t('confirm_return', { n: number }), fields: returnFields, okLabel: t('return'),
        preview: publicText('returned') }, (v) => ({ reason: v.reason, reason_code: v.reason_code })));
      actions.push(button('revoke', 'danger', { title: t('revoke_action'), text: t('confirm_revoke', { n: number }),
        fields: [...coded('revoke'), { name: 'confirm_number', label: t('type_number', { n: number }), required: true, equals: number }],
        okLabel: t('revoke_action'), preview: publicText('revoked') }, (v) => ({ reason: v.reason, reason_code: v.reason_code })));
    }
    render(h('h2', {}, t('mark') + ' ' + m.number + ' ', pill(m.status, statusWord(m.status))),
      h('section', { class: 'card' }, h('dl', { class: 'kv' },
        h('dt', {}, t('operator')), h('dd', {}, lang() === 'en' ? m.operator.name_en : m.operator.name),
        h('dt', {}, t('service')), h('dd', {}, (lang() === 'en' ? m.service.name_en : m.service.name) + ' (' + schemeName(m.scheme) + ')'),
        h('dt', {}, t('first_review_body')), h('dd', {}, m.first_review_body),
        h('dt', {}, t('valid_from')), h('dd', {}, m.valid_from),
        h('dt', {}, t('valid_until')), h('dd', {}, m.valid_until),
        m.revocation_reason ? [h('dt', {}, t('reason')), h('dd', {}, m.revocation_reason)] : null,
        m.return_reason ? [h('dt', {}, t('reason')), h('dd', { id: 'return-reason' }, m.return_reason + ' (' + t('rc_' + m.return_code) + ')')] : null,
        h('dt', {}, t('service')), h('dd', {}, h('a', { href: '#/services/' + encodeURIComponent(m.service.id), id: 'edit-mark-service' }, t('edit'))),
        h('dt', {}, t('links')), h('dd', { id: 'mark-links' }, publicLinks(m))),
      h('div', { class: 'buttons', id: 'mark-actions' }, actions)),
      h('section', { class: 'card', id: 'history' }, h('h3', {}, t('history')),
        table([t('at'), t('action'), t('actor'), t('reason_col'), t('valid_from'), t('valid_until')],
          hist.events.map((e) => [jst(e.at), t('ev_' + e.kind), e.actor, e.reason, e.valid_from, e.valid_until]))));
  }

  return {
    marks: (params) => showMarks(params),
    mark: (number) => showMark(number),
  };
});
