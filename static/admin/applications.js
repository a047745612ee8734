// The console's applications and reviews (#/applications, #/applications/ID):
// filing, the review form scored live by the council's rules, the
// diagnosis with CVSS, and the grant or renewal a passed review allows.
// A page in a file of its own: admin.js installs it once, with the helpers
// pages share (ui), and routes to what it returns.
(window.MarkConsoleInstallers = window.MarkConsoleInstallers || []).push((ui) => {
  'use strict';
  const { t, h, pill, table, jst, sessionPattern, schemeName, markLink, api, problemText, flash, confirmedWrite, render,
    nextSession, thisMonth, feeTable, formValues, field, route, firstReviewBodies } = ui;
  const lang = ui.lang;  // the console's language may change while the page lives

  async function showApplications(params) {
    const apps = await api('GET', '/api/v1/applications');
    const form = h('form', { class: 'card', id: 'new-application' }, h('h3', {}, t('new_application')),
      field('service_id', t('service_id'), { required: true, value: params.get('service') || '' }),
      h('label', { for: 'f-kind' }, t('kind')),
      h('select', { id: 'f-kind', name: 'kind' }, h('option', { value: 'new' }, t('kind_new')), h('option', { value: 'renewal' }, t('kind_renewal'))),
      h('label', { for: 'f-body' }, t('first_review_body')),
      h('select', { id: 'f-body', name: 'first_review_body' }, firstReviewBodies().map((b) => h('option', { value: b }, b))),
      field('session', t('session'), { required: true, pattern: sessionPattern(), value: nextSession(thisMonth()) }),
      field('application_date', t('application_date'), { type: 'date' }),
      h('div', { class: 'buttons' }, h('button', { type: 'submit' }, t('create'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const v = formValues(form);
      if (!v.application_date) delete v.application_date;
      try {
        const app = await api('POST', '/api/v1/applications', v);
        flash(t('done'));
        location.hash = '#/applications/' + app.id;
      } catch (e) { flash(problemText(e), true); }
    });
    render(h('h2', {}, t('applications')), form,
      h('section', { class: 'card' }, table([t('application'), t('service'), t('kind'), t('session'), t('application_date'), t('status')],
        apps.items.map((a) => [h('a', { href: '#/applications/' + a.id }, a.id), lang() === 'en' ? a.service_name_en : a.service_name,
          t('kind_' + a.kind), a.session, a.application_date, pill(a.status, t('st_' + a.status))]))));
  }

  // The review form: one row per item that applies to the application's
  // kind; every change asks the server to evaluate (the one scoring engine),
  // so what the reviewer sees is exactly what will be recorded.
  function reviewForm(app, sets) {
    const usable = sets.filter((s) => s.scheme === app.scheme);
    const select = h('select', { id: 'criteria', name: 'criteria' }, usable.map((s) =>
      h('option', { value: s.id }, s.id + (s.complete ? '' : ' — ' + t('provisional')))));
    const score = h('div', { class: 'score', id: 'score', 'aria-live': 'polite' });
    const itemsBox = h('div', { id: 'items' });
    const notes = h('textarea', { id: 'notes', name: 'notes' });
    const submit = h('button', { type: 'submit', id: 'record-review' }, t('record_review'));
    let set = null, seq = 0, timer = 0, loadSeq = 0;

    function answers() {
      const out = {};
      for (const row of itemsBox.querySelectorAll('.item')) {
        const id = row.dataset.id;
        const input = row.querySelector('.answer');
        const value = input.type === 'checkbox' ? input.checked : Number(input.value);
        const ref = row.querySelector('.evidence input').value.trim();
        const kind = row.querySelector('.evidence select');
        out[id] = ref ? { value, evidence: [{ kind: kind ? kind.value : 'document', ref }] } : value;
      }
      return out;
    }
    async function evaluate() {
      const mine = ++seq;
      try {
        const d = await api('POST', '/api/v1/review/evaluate', { criteria_id: set.id, kind: app.kind, answers: answers() });
        if (mine !== seq) return;
        score.className = 'score ' + (d.pass ? 'pass' : 'fail');
        score.replaceChildren(...[
          h('span', { class: 'verdict', id: 'verdict' }, d.pass ? t('pass') : t('fail')),
          h('span', { id: 'points' }, t('points') + ': ' + d.points + ' / ' + d.points_min + ' (max ' + d.points_max + ')'),
          h('span', { id: 'mandatory' }, t('mandatory_met') + ': ' + d.mandatory_met + ' / ' + d.mandatory_required),
          d.provisional ? pill('provisional', t('provisional')) : null,
          h('span', { class: 'muted' }, t('gate_hint')),
          d.reasons.length ? h('ul', { id: 'reasons' }, d.reasons.map((r) => h('li', {}, r))) : null].filter(Boolean));
        score.dataset.pass = String(d.pass);
        score.dataset.points = String(d.points);
      } catch (e) {
        if (mine === seq) { score.className = 'score fail'; score.replaceChildren(h('span', {}, problemText(e))); }
      }
    }
    const schedule = () => { clearTimeout(timer); timer = setTimeout(evaluate, 120); };

    async function load() {
      if (!select.value) { itemsBox.replaceChildren(h('p', { class: 'muted' }, t('none'))); return; }
      // Picking the set already shown keeps the answers entered.
      if (set && set.id === select.value && itemsBox.dataset.criteria === set.id) return;
      const mine = ++loadSeq;  // a slower earlier load must not replace a later one
      const loaded = await api('GET', '/api/v1/criteria/' + encodeURIComponent(select.value));
      if (mine !== loadSeq) return;
      set = loaded;
      const gates = new Set((set.rules && set.rules.gates) || []);
      // ISP item 2-1-1 is the latest diagnosis on record, not typed in: the
      // server refuses an answer that contradicts it.
      const latest = app.diagnoses.length ? app.diagnoses[app.diagnoses.length - 1] : null;
      const fromDiagnosis = (it) => app.scheme === 'isp' && it.id === '2-1-1' && it.mandatory;
      itemsBox.replaceChildren(...set.items.filter((it) => (it.applies || []).includes(app.kind)).map((it) => {
        const evid = [].concat(it.evidence || []);
        const answer = fromDiagnosis(it)
          ? h('label', { class: 'met from-diagnosis' }, h('input', { type: 'checkbox', class: 'answer', 'aria-label': it.id, disabled: true, checked: !!(latest && latest.pass) }),
            ' ', latest ? t('from_diagnosis', { d: (latest.pass ? t('pass') : t('fail')) + ' ' + latest.id }) : t('no_diagnosis'))
          : it.mandatory
            ? h('label', { class: 'met' }, h('input', { type: 'checkbox', class: 'answer', 'aria-label': it.id }), ' ', t('met'))
            : h('select', { class: 'answer', 'aria-label': it.id }, Array.from({ length: it.points + 1 }, (_, i) => h('option', { value: i }, i + ' / ' + it.points)));
        const row = h('div', { class: 'item' + (gates.has(it.id) ? ' gate' : ''), 'data-id': it.id },
          h('div', { class: 'id' }, it.id),
          h('div', {}, (lang() === 'en' && it.title_en) ? it.title_en : it.title, ' ', it.mandatory ? pill('open', t('mandatory')) : null),
          h('div', {}, answer),
          h('div', { class: 'evidence inline' },
            evid.length > 1 ? h('select', { 'aria-label': 'evidence kind' }, evid.map((k) => h('option', { value: k }, k))) : null,
            h('input', { type: 'text', placeholder: t('evidence') + (evid.length ? ' [' + evid.join(', ') + ']' : ''), 'aria-label': it.id + ' evidence' })));
        return row;
      }));
      itemsBox.dataset.criteria = set.id;
      schedule();
    }
    itemsBox.addEventListener('input', schedule);
    itemsBox.addEventListener('change', schedule);
    select.addEventListener('change', load);

    const form = h('form', { class: 'card', id: 'review-form' }, h('h3', {}, t('review_form')),
      h('label', { for: 'criteria' }, t('criteria')), select, score, itemsBox,
      h('label', { for: 'notes' }, t('notes')), notes, h('div', { class: 'buttons' }, submit));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      submit.disabled = true;
      try {
        const r = await api('POST', '/api/v1/applications/' + encodeURIComponent(app.id) + '/review',
          { criteria_id: set.id, answers: answers(), notes: notes.value });
        flash(t('done') + ': ' + (r.pass ? t('pass') : t('fail')));
        route();
      } catch (e) { flash(problemText(e), true); submit.disabled = false; }
    });
    load();
    return form;
  }

  // Item 2-1-1: the report entered as a form (review/diagnosis.h): one row
  // per finding. While it is typed the server gives each vector's CVSS v2
  // base score (GET /api/v1/cvss2) and, once every vector parses, the
  // decision the report would get (POST .../diagnosis/evaluate): the one
  // formula and the one rule stay on the server.
  function diagnosisCard(app) {
    const base = '/api/v1/applications/' + encodeURIComponent(app.id) + '/diagnosis';
    const date = h('input', { id: 'diag-report_date', type: 'date', value: app.application_date, required: true });
    const cover = h('input', { id: 'diag-cover', type: 'checkbox', checked: true });
    const summary = h('input', { id: 'diag-summary', type: 'checkbox', checked: true });
    const rowsBox = h('div', { id: 'diag-findings' });
    const verdict = h('div', { class: 'score', id: 'diag-verdict', 'aria-live': 'polite' });
    let rowSeq = 0, seq = 0, timer = 0;
    function addRow(f = {}) {
      const n = ++rowSeq;
      const input = (name, attrs) => h('input', { id: 'diag-' + name + '-' + n, class: 'diag-' + name, ...attrs });
      const row = h('div', { class: 'finding' },
        h('label', { for: 'diag-host-' + n }, t('host')), input('host', { value: f.host || '' }),
        h('label', { for: 'diag-finding-' + n }, t('finding')), input('finding', { value: f.finding || '' }),
        h('label', { for: 'diag-vector-' + n }, t('vector')), input('vector', { value: f.vector || '', placeholder: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', spellcheck: 'false' }),
        h('div', { class: 'inline' },
          h('label', { class: 'met' }, input('resolved', { type: 'checkbox', checked: !!f.resolved }), ' ', t('resolved')),
          h('label', { class: 'met' }, input('opinion', { type: 'checkbox', checked: !!f.opinion_attached }), ' ', t('opinion_attached')),
          h('span', { class: 'cvss', 'aria-live': 'polite' }),
          h('button', { type: 'button', class: 'secondary remove-finding', onclick: () => { row.remove(); schedule(); } }, t('remove_finding'))));
      rowsBox.append(row);
      return row;
    }
    const rows = () => [...rowsBox.querySelectorAll('.finding')];
    const report = () => ({ report_date: date.value, cover_list_attached: cover.checked, summary_attached: summary.checked,
      findings: rows().map((r) => ({ host: r.querySelector('.diag-host').value.trim(), finding: r.querySelector('.diag-finding').value.trim(),
        vector: r.querySelector('.diag-vector').value.trim(), resolved: r.querySelector('.diag-resolved').checked,
        opinion_attached: r.querySelector('.diag-opinion').checked })) });
    async function evaluate() {
      const mine = ++seq;
      const body = report();
      try {
        let allParse = true;
        if (body.findings.length) {
          const q = body.findings.map((f) => 'vector=' + encodeURIComponent(f.vector)).join('&');
          const scores = await api('GET', '/api/v1/cvss2?' + q);
          if (mine !== seq) return;
          rows().forEach((r, i) => {
            const s = scores.items[i], cell = r.querySelector('.cvss');
            cell.className = 'cvss ' + (s.error ? 'bad' : 'level-' + s.level);
            cell.textContent = s.error ? s.error : t('base_score') + ' ' + Number(s.base_score).toFixed(1) + ' (' + s.level + ')';
            cell.dataset.score = s.error ? '' : String(s.base_score);
            if (s.error) allParse = false;
          });
        }
        if (!allParse || !body.report_date) { verdict.className = 'score'; verdict.replaceChildren(); return; }
        const d = await api('POST', base + '/evaluate', body);
        if (mine !== seq) return;
        verdict.className = 'score ' + (d.pass ? 'pass' : 'fail');
        verdict.dataset.pass = String(d.pass);
        verdict.replaceChildren(...[h('span', {}, t('would_be') + ':'), h('span', { class: 'verdict' }, d.pass ? t('pass') : t('fail')),
          (d.reasons || []).length ? h('ul', {}, d.reasons.map((x) => h('li', {}, x))) : null].filter(Boolean));
      } catch (e) {
        if (mine === seq) { verdict.className = 'score fail'; verdict.replaceChildren(h('span', {}, problemText(e))); }
      }
    }
    const schedule = () => { clearTimeout(timer); timer = setTimeout(evaluate, 150); };
    const form = h('form', { id: 'diagnosis-form' },
      h('label', { for: 'diag-report_date' }, t('report_date')), date,
      h('div', { class: 'inline' }, h('label', { class: 'met' }, cover, ' ', t('cover_list_attached')),
        h('label', { class: 'met' }, summary, ' ', t('summary_attached'))),
      h('h4', {}, t('findings')), rowsBox,
      h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'secondary', id: 'add-finding', onclick: () => { addRow(); schedule(); } }, t('add_finding'))),
      verdict,
      h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'secondary', id: 'record-diagnosis' }, t('record_diagnosis'))));
    form.addEventListener('input', schedule);
    form.addEventListener('change', schedule);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const d = await api('POST', base, report());
        flash(t('done') + ': 2-1-1 ' + (d.pass ? t('pass') : t('fail')));
        route();
      } catch (e) { flash(problemText(e), true); }
    });
    const recorded = app.diagnoses.map((d) => [jst(d.recorded_at), pill(d.pass ? 'pass' : 'fail', d.pass ? t('pass') : t('fail')),
      ((d.decision && d.decision.findings) || []).map((f) => f.host + ' ' + f.vector + ' = ' + Number(f.score).toFixed(1)).join(' / '),
      ((d.decision && d.decision.reasons) || []).join(' / ')]);
    schedule();
    return h('section', { class: 'card', id: 'diagnoses' }, h('h3', {}, t('diagnosis')),
      table([t('at'), t('status'), t('findings'), t('reasons')], recorded), form);
  }

  async function grantOn(app, review) {
    const renewal = app.kind === 'renewal';
    const fields = [{ name: 'note', label: t('note') }];
    if (review.provisional) fields.push({ name: 'accept', label: t('accept_provisional'), type: 'checkbox', required: true });
    const out = await confirmedWrite({ title: renewal ? t('renew') : t('grant'), text: (renewal ? t('confirm_renew') : t('confirm_grant')) + ' (' + review.id + ')', fields },
      (v) => {
        const body = { review_id: review.id };
        if (v.note) body.note = v.note;
        if (review.provisional) body.accept_provisional = true;
        if (renewal) return api('POST', '/api/v1/marks/' + encodeURIComponent(app.mark_number) + '/renew', body);
        body.service_id = app.service_id;
        return api('POST', '/api/v1/marks', body);
      });
    if (out) location.hash = '#/marks/' + out.number;
  }

  async function showApplication(id) {
    const [app, sets] = await Promise.all([api('GET', '/api/v1/applications/' + encodeURIComponent(id)), api('GET', '/api/v1/criteria')]);
    const svc = app.service || {};
    const reviews = app.reviews.map((r) => [jst(r.decided_at), r.criteria_id,
      pill(r.pass ? 'pass' : 'fail', r.pass ? t('pass') : t('fail')),
      r.decision ? r.decision.points + ' / ' + r.decision.points_min : '', r.provisional ? pill('provisional', t('provisional')) : '',
      r.decided_by, r.used_for ? markLink(r.used_for) :
        (r.pass && ((app.kind === 'new' && !app.mark_number) || (app.kind === 'renewal' && app.mark_number))
          ? h('button', { type: 'button', class: 'grant', 'data-review': r.id, onclick: () => grantOn(app, r) }, app.kind === 'new' ? t('grant') : t('renew')) : '')]);
    render(h('h2', {}, t('application') + ' ' + app.id),
      h('section', { class: 'card' }, h('dl', { class: 'kv' },
        h('dt', {}, t('operator')), h('dd', {}, app.operator ? (lang() === 'en' ? app.operator.name_en : app.operator.name) : ''),
        h('dt', {}, t('service')), h('dd', {}, (lang() === 'en' ? svc.name_en : svc.name) + ' (' + schemeName(app.scheme) + ')'),
        h('dt', {}, t('kind')), h('dd', {}, t('kind_' + app.kind)),
        h('dt', {}, t('first_review_body')), h('dd', {}, app.first_review_body),
        h('dt', {}, t('session')), h('dd', {}, app.session),
        h('dt', {}, t('application_date')), h('dd', {}, app.application_date),
        h('dt', {}, t('status')), h('dd', {}, pill(app.status, t('st_' + app.status))),
        h('dt', {}, t('mark')), h('dd', {}, app.mark_number ? markLink(app.mark_number) : t('no_mark')))),
      h('section', { class: 'card', id: 'reviews' }, h('h3', {}, t('reviews')),
        table([t('decided_at'), t('criteria'), t('status'), t('points'), '', t('decided_by'), t('used_for')], reviews)),
      h('section', { class: 'card' }, h('h3', {}, t('fees')), feeTable(app.fees.map((f) => ({ ...f, operator_name: '', service_name: '' })), true)),
      diagnosisCard(app),
      reviewForm(app, sets.items));
  }

  return {
    applications: (params) => showApplications(params),
    application: (id) => showApplication(id),
  };
});
