// The console's operators and services (#/operators, #/operators/ID,
// #/services/ID): registering, amending with a preview, contacts.
// A page in a file of its own: admin.js installs it once, with the helpers
// pages share (ui), and routes to what it returns.
(window.MarkConsoleInstallers = window.MarkConsoleInstallers || []).push((ui) => {
  'use strict';
  const { t, h, table, schemeName, api, problemText, flash, render, formValues, field, list, amendWithPreview,
    lines, area, reasonFields, route } = ui;
  const lang = ui.lang;  // the console's language may change while the page lives

  async function showOperators() {
    const ops = await api('GET', '/api/v1/operators');
    const form = h('form', { class: 'card', id: 'new-operator' }, h('h3', {}, t('new_operator')),
      field('name', t('name'), { required: true }), field('name_en', t('name_en'), { required: true }),
      field('corporate_number', t('corporate_number'), { inputmode: 'numeric' }), field('website', t('website'), { required: true, type: 'url' }),
      h('div', { class: 'buttons' }, h('button', { type: 'submit' }, t('create'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const op = await api('POST', '/api/v1/operators', formValues(form));
        flash(t('done'));
        location.hash = '#/operators/' + op.id;
      } catch (e) { flash(problemText(e), true); }
    });
    render(h('h2', {}, t('operators')),
      h('section', { class: 'card' }, table([t('name'), t('name_en'), t('corporate_number'), t('website')],
        ops.items.map((o) => [h('a', { href: '#/operators/' + o.id }, o.name), o.name_en, o.corporate_number, o.website]))),
      form);
  }

  async function showOperator(id) {
    const op = await api('GET', '/api/v1/operators/' + encodeURIComponent(id));
    const form = h('form', { class: 'card', id: 'new-service' }, h('h3', {}, t('new_service')),
      h('label', { for: 'f-scheme' }, t('scheme')),
      h('select', { id: 'f-scheme', name: 'scheme' }, h('option', { value: 'isp' }, t('scheme_isp')), h('option', { value: 'wifi' }, t('scheme_wifi'))),
      field('name', t('name'), { required: true }), field('name_en', t('name_en'), { required: true }),
      field('domains', t('domains')), field('ssids', t('ssids')),
      h('div', { class: 'buttons' }, h('button', { type: 'submit' }, t('create'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const v = formValues(form);
      try {
        await api('POST', '/api/v1/services', { operator_id: op.id, scheme: v.scheme, name: v.name, name_en: v.name_en,
          domains: list(v.domains), ssids: list(v.ssids) });
        flash(t('done'));
        route();
      } catch (e) { flash(problemText(e), true); }
    });
    const contactText = (op.contacts || []).map((c) => c.role + ' ' + c.email).join('\n');
    const edit = h('form', { class: 'card', id: 'edit-operator' }, h('h3', {}, t('edit_operator')),
      field('e-name', t('name'), { required: true, value: op.name }), field('e-name_en', t('name_en'), { required: true, value: op.name_en }),
      field('e-corporate_number', t('corporate_number'), { inputmode: 'numeric', value: op.corporate_number }),
      field('e-website', t('website'), { required: true, type: 'url', value: op.website }),
      area('e-contacts', t('contacts'), contactText), reasonFields(),
      h('div', { class: 'buttons' }, h('button', { type: 'submit' }, t('review_changes'))));
    edit.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const v = formValues(edit);
      const body = { name: v['e-name'], name_en: v['e-name_en'], corporate_number: v['e-corporate_number'], website: v['e-website'],
        contacts: v['e-contacts'].split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
          const [role, ...rest] = l.split(/\s+/);
          return { role, email: rest.join(' ') };
        }), reason: v.reason };
      if (v.note_internal) body.note_internal = v.note_internal;
      if (await amendWithPreview('/api/v1/operators/' + encodeURIComponent(op.id), body)) route();
    });
    render(h('h2', {}, op.name),
      h('section', { class: 'card' }, h('dl', { class: 'kv' },
        h('dt', {}, t('name_en')), h('dd', {}, op.name_en), h('dt', {}, t('corporate_number')), h('dd', {}, op.corporate_number || '—'),
        h('dt', {}, t('website')), h('dd', {}, op.website))),
      h('section', { class: 'card' }, h('h3', {}, t('services')),
        table([t('name'), t('scheme'), t('domains') + ' / SSID', '', ''], op.services.map((s) => [
          lang() === 'en' ? s.name_en : s.name, schemeName(s.scheme), [...s.domains, ...s.ssids].join(', '),
          h('a', { href: '#/services/' + encodeURIComponent(s.id), class: 'edit-service' }, t('edit')),
          h('a', { href: '#/applications/new?service=' + encodeURIComponent(s.id) }, t('new_application'))]))),
      edit, form);
  }

  async function showService(id) {
    const s = await api('GET', '/api/v1/services/' + encodeURIComponent(id));
    const shared = s.shared || [];
    const form = h('form', { class: 'card', id: 'edit-service' }, h('h3', {}, t('edit_service') + ' (' + schemeName(s.scheme) + ')'),
      field('name', t('name'), { required: true, value: s.name }), field('name_en', t('name_en'), { required: true, value: s.name_en }),
      area('domains', t('domains'), s.domains.join(', ')), area('ssids', t('ssids'), s.ssids.join(', ')),
      s.scheme === 'wifi' ? area('venues', t('venues'), (s.venues || []).join(', ')) : null,
      area('shared_domains', t('shared_domains'), shared.map((d) => d.domain).join(', ')),
      field('shared_reason', t('shared_reason'), { value: shared.length ? shared[0].reason : '' }),
      reasonFields(),
      h('div', { class: 'buttons' }, h('button', { type: 'submit' }, t('review_changes'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const v = formValues(form);
      const body = { name: v.name, name_en: v.name_en, domains: lines(v.domains), ssids: lines(v.ssids), reason: v.reason };
      if (s.scheme === 'wifi') body.venues = lines(v.venues);
      const sharedNow = lines(v.shared_domains);
      if (sharedNow.length || shared.length) body.shared = { domains: sharedNow, reason: v.shared_reason };
      if (v.note_internal) body.note_internal = v.note_internal;
      if (await amendWithPreview('/api/v1/services/' + encodeURIComponent(s.id), body)) route();
    });
    render(h('h2', {}, s.name + ' ', h('a', { href: '#/operators/' + encodeURIComponent(s.operator_id), class: 'muted' }, t('operator'))), form);
  }

  return {
    operators: () => showOperators(),
    operator: (id) => showOperator(id),
    service: (id) => showService(id),
  };
});
