// End-to-end check of the secretariat console (static/admin/) in headless
// Chromium against a real markd: sign in with a token,
// create an application in the console, enter a review against the complete
// synthetic criteria set and watch the live score at the edge cases (exactly
// at the threshold, one point under, a gate item at 0 with every other point
// earned), record a failing review (no grant offered) and a passing one,
// try to grant while the review fee is open (the refusal names the rule),
// waive the fee with a reason (held back without one), grant with
// confirmation, suspend (a reason is required) and reinstate, see a paper
// renewal refused outside the renewal window, see the history and the
// dashboard; amend a service in its edit form (the console names the marks
// that get a new certificate before it sends, and jose, an independent JOSE
// library, verifies the new one), amend an operator's contacts (nothing
// re-issued), see a shared SSID in the attention list, return a mark; switch
// to English. Also: the diagnosis form with live CVSS v2 scores and the
// decision it would get, reason codes from the server's list with the public
// text previewed, the revoke button that names the sanction and waits for
// the typed mark number, the links to /v, /badge and /embed, instants in
// JST, the today page with the server's counts, one Idempotency-Key per
// action (a double submission makes one operator), and each page at 390 and
// 1280 px in Japanese and English (screenshots, nothing wider than the
// screen, axe-core: no serious or critical violations). Dates come from today (JST): the application is filed for the
// latest session on or before today. Fails on any page error or CSP
// violation. Screenshots go to --out (default: a temp folder) for a person
// to look at.
//
// usage: node console_test.mjs --build BUILD_DIR [--out DIR]
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import * as jose from 'jose';
import { arg, chromium, here, root, startRegistry, testSetUp } from './harness.mjs';

const { build, work, out, markctl } = testSetUp('console');

let failures = 0;
function check(cond, what) {
  if (cond) console.log('ok   ' + what);
  else { failures++; console.log('FAIL ' + what); }
}

const completePath = path.join(root, 'tests/unit/review/data/isp-synthetic-complete.json');
const { token, markd, base } = await startRegistry({ build, work, markctl }, 'console-test', {
  beforeStart: ({ db }) => {
    for (const file of [completePath, path.join(root, 'server/criteria/isp-2023-excerpt.json')])
      execFileSync(markctl, ['criteria', 'import', file, '--db', db], { stdio: ['ignore', 'ignore', 'ignore'] });
  },
});
const criteria = JSON.parse(readFileSync(completePath, 'utf8'));

// Today in JST, and the latest second-review session (March, July,
// November) on or before it, as the server computes them.
const jstToday = () => new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
function latestSession(day) {
  let [y, m] = day.split('-').map(Number);
  while (![3, 7, 11].includes(m)) { m -= 1; if (m === 0) { m = 12; y -= 1; } }
  return y + '-' + String(m).padStart(2, '0');
}
const session = latestSession(jstToday());
const sessionFirstDay = session + '-01';

async function apiPost(p, body) {
  const res = await fetch(base + p, { method: 'POST', headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(p + ': ' + JSON.stringify(json));
  return json;
}

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  userDataDir: path.join(work, 'chromium'),
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--lang=ja-JP'],
});

try {
  const op = await apiPost('/api/v1/operators', { name: 'コンソール通信株式会社', name_en: 'Console Telecom K.K.', website: 'https://console-tel.example.jp/' });
  const svc = await apiPost('/api/v1/services', { operator_id: op.id, scheme: 'isp', name: 'コンソール光', name_en: 'Console Hikari', domains: ['console-tel.example.jp'] });

  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  const problems = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => {
    const url = (m.location() && m.location().url) || '';
    if (m.type() === 'error' && !url.endsWith('/favicon.ico')) problems.push('console: ' + m.text() + ' ' + url);
  });
  page.on('dialog', (d) => { problems.push('unexpected window dialog: ' + d.message()); d.dismiss(); });
  // Every write the console sends carries an Idempotency-Key.
  const writes = [];
  page.on('request', (r) => { if (r.method() !== 'GET' && r.url().includes('/api/')) writes.push({ url: r.url(), key: r.headers()['idempotency-key'] }); });
  const ready = () => page.waitForFunction(() => document.body.dataset.ready === 'true', { timeout: 10000 });
  const go = async (hash) => { await page.evaluate((h) => { location.hash = h; }, hash); await ready(); };
  const text = (sel) => page.$eval(sel, (el) => el.textContent);
  // The browser logs a refused request (409) as a console error: drop the
  // ones a check expects, so any other still fails the run.
  const expectRefusal = (urlEnd) => {
    for (let i = problems.length - 1; i >= 0; i--)
      if (problems[i].includes('status of 409') && problems[i].trim().endsWith(urlEnd)) problems.splice(i, 1);
  };

  // Sign in.
  await page.goto(base + '/admin/', { waitUntil: 'load' });
  await ready();
  check(await page.$eval('#signin', (el) => !el.hidden), 'sign-in form shown without a token');
  await page.type('#token', 'not-a-token');
  await page.click('#signin-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('signin-error').textContent !== '');
  check(true, 'a wrong token is refused');
  problems.length = 0;  // that 401 was the point
  await page.$eval('#token', (el) => { el.value = ''; });
  await page.type('#token', token);
  await page.click('#signin-form button[type=submit]');
  await page.waitForFunction(() => !document.getElementById('nav').hidden);
  await ready();
  check(await page.evaluate(() => sessionStorage.getItem('mark.console.token') !== null && localStorage.getItem('mark.console.token') === null),
    'the token is kept in sessionStorage only');
  check((await text('#view h2')) === 'ダッシュボード', 'dashboard in Japanese first');

  // New application through the console form.
  await go('#/applications/new?service=' + svc.id);
  check(await page.$eval('#f-service_id', (el) => el.value) === svc.id, 'application form prefilled with the service');
  await page.$eval('#f-session', (el, v) => { el.value = v; }, session);
  await page.$eval('#f-application_date', (el, v) => { el.value = v; }, sessionFirstDay);
  await page.select('#f-body', 'TELESA');
  await page.click('#new-application button[type=submit]');
  await page.waitForFunction(() => /^#\/applications\/app_/.test(location.hash));
  await ready();
  const appId = (await page.evaluate(() => location.hash)).split('/')[2];
  check(appId.startsWith('app_'), 'application created: ' + appId);

  // The review form against the complete set.
  const pickCriteria = async () => {
    await page.waitForSelector('#criteria');
    await page.select('#criteria', criteria.id);
    await page.waitForSelector('#items[data-criteria="' + criteria.id + '"]');
  };
  await pickCriteria();
  check((await page.$$('#items .item')).length === criteria.items.filter((i) => i.applies.includes('new')).length,
    'the form shows every item that applies to a new application');
  const gates = criteria.rules.gates;
  // Sets every answer: mandatory met, points at max minus `shortBy` taken
  // from non-gate items, optionally one gate at 0; then waits for the score.
  async function enter(shortBy, gateZero) {
    await page.evaluate((shortBy, gateZero, gates) => {
      for (const row of document.querySelectorAll('#items .item')) {
        const input = row.querySelector('.answer');
        if (input.type === 'checkbox') { input.checked = true; continue; }
        const max = input.options.length - 1;
        let v = max;
        if (row.dataset.id === gateZero) v = 0;
        else if (!gates.includes(row.dataset.id)) { const take = Math.min(shortBy, max); shortBy -= take; v = max - take; }
        input.value = String(v);
      }
      document.getElementById('items').dispatchEvent(new Event('change'));
    }, shortBy, gateZero || '', gates);
    const expected = 119 - shortBy - (gateZero ? 5 : 0);
    await page.waitForFunction((p) => document.getElementById('score').dataset.points === String(p), { timeout: 10000 }, expected);
    return { verdict: await text('#verdict'), points: await text('#points'), reasons: await page.$$eval('#reasons li', (l) => l.map((x) => x.textContent)) };
  }
  let s = await enter(119 - 92);
  check(s.verdict === '合格' && s.points.includes('92 / 92'), 'live score: exactly at the threshold (92) passes — ' + s.points);
  await page.$eval('#review-form', (el) => el.scrollIntoView());
  await page.screenshot({ path: path.join(out, 'review-at-threshold.png'), fullPage: false });
  s = await enter(119 - 91);
  check(s.verdict === '不合格' && s.reasons.some((r) => r.includes('91')), 'live score: one under (91) fails — ' + s.reasons.join('; '));
  s = await enter(0, '7-1-2');
  check(s.verdict === '不合格' && s.points.includes('114') && s.reasons.length === 1 && s.reasons[0].includes('7-1-2'),
    'live score: gate 7-1-2 at 0 with every other point fails — ' + s.reasons.join('; '));
  await page.$eval('#items .item.gate', (el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: path.join(out, 'review-gate-zero.png'), fullPage: false });

  // Item 2-1-1, entered as a form: each vector's CVSS v2 base score shows
  // while it is typed (the server computes it), a vector that does not
  // parse says so, and the decision the report would get shows before it is
  // recorded; an unresolved 10.0 finding fails.
  await page.$eval('#diag-report_date', (el, v) => { el.value = v; }, sessionFirstDay);
  await page.click('#add-finding');
  await page.type('#diag-findings .finding:last-child .diag-host', 'ns1.console-tel.example.jp');
  await page.type('#diag-findings .finding:last-child .diag-finding', 'open resolver');
  await page.type('#diag-findings .finding:last-child .diag-vector', 'AV:N/AC:L/Au:N/C:C/I:C/A:X');
  await page.waitForFunction(() => document.querySelector('#diag-findings .cvss').textContent.includes('A:X'), { timeout: 10000 });
  check((await text('#diag-findings .cvss')).includes('A:X'), 'a vector that does not parse is named while typed: ' + await text('#diag-findings .cvss'));
  await page.$eval('#diag-findings .diag-vector', (el) => { el.value = 'AV:N/AC:L/Au:N/C:C/I:C/A:C'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await page.click('#diag-findings .diag-opinion');
  await page.waitForFunction(() => document.querySelector('#diag-findings .cvss').dataset.score === '10', { timeout: 10000 });
  await page.waitForFunction(() => document.getElementById('diag-verdict').dataset.pass === 'false', { timeout: 10000 });
  check((await text('#diag-findings .cvss')).includes('10.0'), 'the live base score of AV:N/AC:L/Au:N/C:C/I:C/A:C is 10.0');
  check((await text('#diag-verdict')).includes('不合格'), 'the decision it would get shows before it is recorded: ' + await text('#diag-verdict'));
  await page.click('#diag-findings .diag-resolved');
  await page.waitForFunction(() => document.getElementById('diag-verdict').dataset.pass === 'true', { timeout: 10000 });
  check(true, 'resolving the finding turns the live decision to a pass');
  await page.click('#diag-findings .diag-resolved');
  await page.waitForFunction(() => document.getElementById('diag-verdict').dataset.pass === 'false', { timeout: 10000 });
  await page.$eval('#diagnoses', (el) => el.scrollIntoView());
  await page.screenshot({ path: path.join(out, 'diagnosis-form.png') });
  await page.click('#record-diagnosis');
  await page.waitForFunction(() => document.querySelectorAll('#diagnoses tbody tr').length === 1, { timeout: 10000 });
  await ready();
  const diag = await text('#diagnoses tbody tr');
  check(diag.includes('不合格') && diag.includes('= 10.0'), 'diagnosis report scored (CVSS 10.0) and failed: ' + diag);
  await pickCriteria();
  await enter(0, '7-1-2');

  // Record the failing review (gate at 0): no grant is offered.
  await page.click('#record-review');
  await page.waitForFunction(() => document.querySelectorAll('#reviews tbody tr').length === 1, { timeout: 10000 });
  await ready();
  check((await page.$$('#reviews button.grant')).length === 0 && (await text('#reviews tbody tr')).includes('114 / 92'),
    'the failed review (114 points, gate at 0) is recorded and offers no grant');

  // Record a passing review (exactly at the threshold) and grant from it.
  await pickCriteria();
  s = await enter(119 - 92);
  await page.click('#record-review');
  await page.waitForFunction(() => document.querySelectorAll('#reviews tbody tr').length === 2, { timeout: 10000 });
  await ready();
  const grantButtons = await page.$$('#reviews button.grant');
  check(grantButtons.length === 1, 'the passed review offers a grant');
  await grantButtons[0].click();
  await page.waitForSelector('#confirm[open]');
  await page.screenshot({ path: path.join(out, 'grant-confirmation.png') });
  await page.click('#confirm-ok');

  // The review fee is still open: the grant is refused, and the console says
  // which rule and what would satisfy it.
  await page.waitForFunction(() => { const f = document.getElementById('flash'); return !f.hidden && f.classList.contains('bad'); }, { timeout: 10000 });
  const refusal = await text('#flash');
  check(refusal.includes('協議会の規則') && refusal.includes('審査料金') && refusal.includes('neither paid nor waived'),
    'a grant with the fee open is refused, naming the rule: ' + refusal.replace(/\n/g, ' | '));
  await page.screenshot({ path: path.join(out, 'grant-refused-fee.png') });
  expectRefusal('/api/v1/marks');

  // Waive the fee: a reason is required; then the fee shows who, when, why.
  await page.click('#view button[data-waive]');
  await page.waitForSelector('#confirm[open]');
  await page.click('#confirm-ok');
  check(await page.$eval('#confirm', (d) => d.open) && (await text('#confirm-error')) !== '', 'a waiver without a reason is held back');
  await page.type('#confirm-reason', '災害特例による減免');
  await page.click('#confirm-ok');
  await page.waitForFunction(() => [...document.querySelectorAll('#view .pill.waived')].length === 1, { timeout: 10000 });
  await ready();
  const feeRow = await page.$eval('#view .pill.waived', (p) => p.closest('tr').textContent);
  check(feeRow.includes('免除') && feeRow.includes('災害特例による減免') && feeRow.includes('console-test'),
    'the waived fee shows who waived it and why: ' + feeRow);
  await page.screenshot({ path: path.join(out, 'fee-waived.png'), fullPage: true });
  await page.click('#reviews button.grant');
  await page.waitForSelector('#confirm[open]');
  await page.click('#confirm-ok');
  await page.waitForFunction(() => /^#\/marks\/T[0-9]{4}/.test(location.hash), { timeout: 10000 });
  await ready();
  const number = (await page.evaluate(() => location.hash)).split('/')[2];
  check(/^T\d{4}$/.test(number), 'granted mark ' + number + ' (TELESA took the first review)');
  const history = await page.$$eval('#history tbody tr', (rows) => rows.map((r) => r.textContent));
  check(history.length === 1 && history[0].includes('付与') && history[0].includes('review rv_'), 'history shows the grant and its review');

  // Suspend: a reason is required; then reinstate.
  await page.click('#act-suspend');
  await page.waitForSelector('#confirm[open]');
  await page.click('#confirm-ok');
  check(await page.$eval('#confirm', (d) => d.open) && (await text('#confirm-error')) !== '', 'suspension without a reason is held back');
  await page.type('#confirm-reason', '診断報告書の再提出待ち');
  const suspendCodes = await page.$$eval('#confirm-reason_code option', (o) => o.map((x) => x.value));
  const serverCodes = await (await fetch(base + '/api/v1/reason-codes', { headers: { Authorization: 'Bearer ' + token } })).json();
  check(JSON.stringify(suspendCodes) === JSON.stringify(serverCodes.suspend), 'the suspension reason code is picked from the server\'s list');
  await page.select('#confirm-reason_code', 'security_incident');
  const preview = await text('#confirm-preview');
  check(preview.includes('公開') && preview.includes('診断報告書の再提出待ち') && preview.includes('セキュリティ事故'),
    'the public text is previewed and labelled as shown to the public: ' + preview);
  check((await page.$eval('label[for="confirm-reason"]', (l) => l.textContent)).includes('公開されます'), 'the reason field says it is public');
  await page.screenshot({ path: path.join(out, 'suspend-preview.png') });
  await page.click('#confirm-ok');
  await page.waitForFunction(() => document.querySelector('#view h2 .pill.suspended') !== null, { timeout: 10000 });
  check(true, 'suspended with a reason');
  await page.click('#act-reinstate');
  await page.waitForSelector('#confirm[open]');
  await page.type('#confirm-reason', '再提出を確認');
  await page.click('#confirm-ok');
  await page.waitForFunction(() => document.querySelector('#view h2 .pill.valid') !== null, { timeout: 10000 });
  const events = await page.$$eval('#history tbody tr', (rows) => rows.length);
  check(events === 3, 'history holds grant, suspension, reinstatement');
  await page.screenshot({ path: path.join(out, 'mark-history.png'), fullPage: true });

  // A mark granted today is outside its renewal window: a paper renewal is
  // refused, with the window's dates.
  await page.click('#act-renew-paper');
  await page.waitForSelector('#confirm[open]');
  await page.type('#confirm-note', '紙で決定');
  await page.click('#confirm-ok');
  await page.waitForFunction(() => { const f = document.getElementById('flash'); return !f.hidden && f.classList.contains('bad'); }, { timeout: 10000 });
  const early = await text('#flash');
  check(early.includes('更新受付期間') && early.includes('opens on'), 'a paper renewal outside the window is refused with its dates: ' + early.replace(/\n/g, ' | '));
  await page.screenshot({ path: path.join(out, 'renewal-refused.png'), fullPage: false });
  expectRefusal('/renew');
  check((await page.$$eval('#history tbody tr', (rows) => rows.length)) === 3, 'the refused renewal changed nothing');

  // A provisional pass (excerpt criteria) grants only with the explicit acceptance.
  const svc2 = await apiPost('/api/v1/services', { operator_id: op.id, scheme: 'isp', name: 'コンソール光2', name_en: 'Console Hikari 2', domains: ['console2.example.jp'] });
  const app2 = await apiPost('/api/v1/applications', { service_id: svc2.id, kind: 'new', first_review_body: 'JAIPA', session, application_date: sessionFirstDay });
  for (const fee of app2.fees) await apiPost('/api/v1/fees/' + fee.id + '/pay', {});
  // The excerpt holds item 2-1-1: a passing diagnosis on record answers it.
  await apiPost('/api/v1/applications/' + app2.id + '/diagnosis', { report_date: sessionFirstDay, findings: [] });
  const excerpt = JSON.parse(readFileSync(path.join(root, 'server/criteria/isp-2023-excerpt.json'), 'utf8'));
  const excerptAnswers = Object.fromEntries(excerpt.items.map((i) => [i.id, i.mandatory ? true : i.points]));
  const provisional = await apiPost('/api/v1/applications/' + app2.id + '/review', { criteria_id: excerpt.id, answers: excerptAnswers });
  check(provisional.pass && provisional.provisional, 'excerpt review: a provisional pass');
  await go('#/applications/' + app2.id);
  await page.click('#reviews button.grant');
  await page.waitForSelector('#confirm[open]');
  await page.click('#confirm-ok');
  check(await page.$eval('#confirm', (d) => d.open), 'a provisional grant waits for the acceptance box');
  await page.click('#confirm-accept');
  await page.click('#confirm-ok');
  await page.waitForFunction(() => /^#\/marks\/J[0-9]{4}/.test(location.hash), { timeout: 10000 });
  await ready();
  const provNumber = (await page.evaluate(() => location.hash)).split('/')[2];
  const provHistory = await page.$$eval('#history tbody tr', (rows) => rows.map((r) => r.textContent));
  check(provHistory.length === 1 && provHistory[0].includes('provisional decision accepted'), 'history says the provisional decision was accepted');

  // Amend a Wi-Fi service in the console: the confirmation names the mark
  // that gets a new certificate before anything is sent.
  const opW = await apiPost('/api/v1/operators', { name: '駅前通信株式会社', name_en: 'Ekimae Tsushin K.K.', website: 'https://ekimae.example.jp/' });
  const svcW = await apiPost('/api/v1/services', { operator_id: opW.id, scheme: 'wifi', name: '駅前Wi-Fi', name_en: 'Ekimae Wi-Fi',
    ssids: ['Ekimae_Free'], venues: ['東口'] });
  const markW = await apiPost('/api/v1/marks', { service_id: svcW.id, first_review_body: 'JAIPA', basis: 'import', number: 'J0900' });
  await go('#/marks/J0900');
  await page.click('#edit-mark-service');
  await page.waitForFunction(() => location.hash.startsWith('#/services/'));
  await ready();
  check((await page.$eval('label[for="f-reason"]', (l) => l.textContent)).includes('公開'), 'the amendment reason is labelled as public');
  check((await page.$eval('label[for="f-note_internal"]', (l) => l.textContent)).includes('公開されません'), 'the internal note is labelled as not public');
  await page.$eval('#f-ssids', (el) => { el.value = 'Ekimae_Free, Ekimae_Free_5G'; });
  await page.$eval('#f-venues', (el) => { el.value = '東口, 西口'; });
  await page.type('#f-reason', '5GHz帯のSSIDと西口の追加');
  await page.click('#edit-service button[type=submit]');
  await page.waitForSelector('#confirm[open]');
  const toReissue = await page.$$eval('#confirm-list li', (l) => l.map((x) => x.textContent));
  check(toReissue.length === 1 && toReissue[0] === 'J0900', 'before sending, the console names the mark that gets a new certificate: ' + toReissue.join(', '));
  check((await text('#confirm-text')).includes('ssids') && (await text('#confirm-text')).includes('venues'), 'and the fields that change');
  check((await (await fetch(base + '/api/v1/marks/J0900')).json()).certificate === markW.certificate, 'nothing changed before the confirmation');
  await page.screenshot({ path: path.join(out, 'amend-confirmation.png') });
  await page.click('#confirm-ok');
  await page.waitForFunction(() => document.getElementById('flash').textContent.includes('J0900'), { timeout: 10000 });
  const amended = await (await fetch(base + '/api/v1/marks/J0900')).json();
  check(amended.certificate !== markW.certificate && amended.valid_until === markW.valid_until, 'the mark got a new certificate, same validity');
  // jose, with nothing but the JWKS, verifies the new certificate and its facts.
  const jwks = jose.createLocalJWKSet(await (await fetch(base + '/.well-known/jwks.json')).json());
  const { payload, protectedHeader } = await jose.jwtVerify(amended.certificate, jwks, { issuer: base, typ: 'mark+jwt', algorithms: ['EdDSA'] });
  check(protectedHeader.alg === 'EdDSA' && payload.sub === 'J0900' && payload.mark.service.ssids.includes('Ekimae_Free_5G') &&
    payload.mark.service.venues.includes('西口') && payload.mark.operator.website === 'https://ekimae.example.jp/',
    'jose verifies the re-issued certificate: new SSIDs and venues, the website');
  const amendHistory = await (await fetch(base + '/api/v1/marks/J0900/history', { headers: { Authorization: 'Bearer ' + token } })).json();
  check(amendHistory.events.at(-1).kind === 'amended' && amendHistory.events.at(-1).reason === '5GHz帯のSSIDと西口の追加', 'history records the amendment with its public reason');

  // The operator's contacts: never certified, so nothing is re-issued.
  await go('#/operators/' + opW.id);
  await page.$eval('#f-e-contacts', (el) => { el.value = 'renewal renewal@ekimae.example.jp\nsecurity csirt@ekimae.example.jp'; });
  await page.type('#f-reason', '連絡先の登録');
  await page.click('#edit-operator button[type=submit]');
  await page.waitForSelector('#confirm[open]');
  check((await page.$$('#confirm-list li')).length === 0 && (await text('#confirm-text')).includes('再発行しません'), 'a contacts-only change re-issues nothing, and says so');
  await page.click('#confirm-ok');
  await page.waitForFunction(() => document.getElementById('flash').textContent.includes('—'), { timeout: 10000 });
  const opAfter = await (await fetch(base + '/api/v1/operators/' + opW.id, { headers: { Authorization: 'Bearer ' + token } })).json();
  check(opAfter.contacts.length === 2 && opAfter.contacts[1].email === 'csirt@ekimae.example.jp' && opAfter.version === 1, 'contacts stored, version unchanged');
  // A bad address is refused with the field named, nothing sent.
  await go('#/operators/' + opW.id);
  await page.$eval('#f-e-contacts', (el) => { el.value = 'billing not-an-address'; });
  await page.type('#f-reason', '誤り');
  await page.click('#edit-operator button[type=submit]');
  await page.waitForFunction(() => document.getElementById('flash').textContent.includes('contacts[0].email'), { timeout: 10000 });
  check(!(await page.$eval('#confirm', (d) => d.open)), 'a refused amendment names the field and opens no confirmation');
  problems.splice(0, problems.length, ...problems.filter((p) => !p.includes('400')));  // that 400 was the point

  // Another operator's Wi-Fi with the same SSID: accepted, and it needs a person.
  const opX = await apiPost('/api/v1/operators', { name: '別事業者株式会社', name_en: 'Other K.K.', website: 'https://other.example.jp/' });
  await apiPost('/api/v1/services', { operator_id: opX.id, scheme: 'wifi', name: '別Wi-Fi', name_en: 'Other Wi-Fi', ssids: ['Ekimae_Free'] });
  await go('#/dashboard');
  const attention = await page.$$eval('#attention tbody tr', (rows) => rows.map((r) => r.textContent));
  check(attention.some((r) => r.includes('Ekimae_Free') && r.includes('J0900')), 'the dashboard lists the shared SSID: ' + attention.join(' | '));

  // Return the mark (返上): reason and kind asked; neutral and permanent.
  await go('#/marks/J0900');
  await page.click('#act-return');
  await page.waitForSelector('#confirm[open]');
  await page.type('#confirm-reason', '駅前再開発によるサービス終了');
  await page.select('#confirm-reason_code', 'service_ended');
  await page.click('#confirm-ok');
  await page.waitForFunction(() => document.querySelector('#view h2 .pill.returned') !== null, { timeout: 10000 });
  check((await text('#return-reason')).includes('サービス終了') && (await page.$$('#mark-actions button')).length === 0,
    'the returned mark shows its reason and offers no further action');
  const returnedHistory = await page.$$eval('#history tbody tr', (rows) => rows.map((r) => r.textContent));
  check(returnedHistory.some((r) => r.includes('変更')) && returnedHistory.at(-1).includes('返上'), 'history shows the amendment and the return');
  await page.screenshot({ path: path.join(out, 'mark-returned.png'), fullPage: true });

  // Dashboard: the valid ISP mark, the usage fee not yet overdue, recent changes.
  await go('#/dashboard');
  check((await text('#stat-isp .stat')) === '2', 'dashboard counts the two valid ISP marks');
  check((await page.$$('#recent tbody tr')).length > 0, 'dashboard lists recent changes');
  await page.screenshot({ path: path.join(out, 'dashboard-ja.png'), fullPage: true });
  check((await page.title()).startsWith('安全・安心マーク') && (await text('header h1')).startsWith('安全・安心マーク'), 'the programme is named 安全・安心マーク');
  check((await text('#recent tbody tr')).includes(' JST'), 'instants are shown in JST: ' + await text('#recent tbody tr td'));

  // Every mark links to its check page, badge and embed kit.
  await go('#/marks/' + provNumber);
  // The links are the API's (the mark's `links`), never rebuilt in the console.
  const links = await page.$$eval('#mark-links a', (l) => l.map((a) => a.getAttribute('href')));
  const apiLinks = (await (await fetch(base + '/api/v1/marks/' + provNumber)).json()).links;
  check(JSON.stringify(links) === JSON.stringify([apiLinks.verify, apiLinks.badge_svg, apiLinks.embed]),
    'the mark links to its verify page, badge and embed kit as the API names them: ' + links.join(' '));
  check(links.map((l) => new URL(l, base).pathname).join(' ') === ['/v/' + provNumber, '/badge/' + provNumber + '.svg', '/embed/' + provNumber].join(' '),
    'the links are /v, /badge and /embed: ' + links.join(' '));
  for (const l of links) check((await fetch(new URL(l, base))).status === 200, l + ' answers');
  const hist = await page.$$eval('#history tbody tr td:first-child', (c) => c.map((x) => x.textContent));
  const rawHist = await (await fetch(base + '/api/v1/marks/' + provNumber + '/history', { headers: { Authorization: 'Bearer ' + token } })).json();
  const jstOf = (iso) => new Date(Date.parse(iso) + 9 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' JST';
  check(hist[0] === jstOf(rawHist.events[0].at), 'the history shows the instant in JST: ' + hist[0] + ' for ' + rawHist.events[0].at);

  // Revoke: labelled as the sanction it is, a code from the list, and
  // confirmed by typing the mark number.
  const revokeLabel = await text('#act-revoke');
  check(revokeLabel === 'マークを取り消す（制裁）', 'the revoke button says what it does: ' + revokeLabel);
  await page.click('#act-revoke');
  await page.waitForSelector('#confirm[open]');
  const revokeCodes = await page.$$eval('#confirm-reason_code option', (o) => o.map((x) => x.value));
  check(!revokeCodes.includes('operator_request') && revokeCodes.includes('misrepresentation'), 'revocation codes exclude the ends that are no sanction');
  await page.type('#confirm-reason', '虚偽の申請');
  await page.select('#confirm-reason_code', 'misrepresentation');
  await page.type('#confirm-confirm_number', 'J0000');
  await page.click('#confirm-ok');
  check(await page.$eval('#confirm', (d) => d.open) && (await text('#confirm-error')).includes(provNumber), 'a wrong mark number holds the revocation back');
  await page.screenshot({ path: path.join(out, 'revoke-confirmation.png') });
  await page.$eval('#confirm-confirm_number', (el) => { el.value = ''; });
  await page.type('#confirm-confirm_number', provNumber);
  await page.click('#confirm-ok');
  await page.waitForFunction(() => document.querySelector('#view h2 .pill.revoked') !== null, { timeout: 10000 });
  const revokedMark = await (await fetch(base + '/api/v1/marks/' + provNumber)).json();
  check(revokedMark.status === 'revoked' && revokedMark.revocation_reason === '虚偽の申請', 'revoked once the number is typed');

  // Today: the server's list, kind by kind, with the server's counts.
  const svc3 = await apiPost('/api/v1/services', { operator_id: op.id, scheme: 'isp', name: 'コンソール光3', name_en: 'Console Hikari 3', domains: ['console3.example.jp'] });
  const app3 = await apiPost('/api/v1/applications', { service_id: svc3.id, kind: 'new', first_review_body: 'JAIPA', session, application_date: sessionFirstDay });
  await go('#/today');
  const serverAttention = await (await fetch(base + '/api/v1/attention', { headers: { Authorization: 'Bearer ' + token } })).json();
  const shownCounts = await page.$$eval('#today-counts li', (l) => Object.fromEntries(l.map((x) => [x.dataset.kind, Number(x.querySelector('.count').textContent)])));
  check(JSON.stringify(shownCounts) === JSON.stringify(serverAttention.counts), 'today shows every kind with the server\'s count: ' + JSON.stringify(shownCounts));
  for (const k of ['application_pending', 'fee_overdue', 'fee_due_soon', 'renewal_window_open', 'lapsing_before_session'])
    check(k in shownCounts, 'today has the kind ' + k);
  check((await text('#today-application_pending')).includes(app3.id), 'today lists the application awaiting a decision');
  await page.screenshot({ path: path.join(out, 'today-ja-1280.png'), fullPage: true });

  // Notices: the outbox as the server keeps it (no --smtp here, so mail
  // waits); a waiting notice is skipped with a reason, which is recorded.
  const authHeaders = { headers: { Authorization: 'Bearer ' + token } };
  const serverPending = await (await fetch(base + '/api/v1/outbox?state=pending&limit=100', authHeaders)).json();
  await go('#/outbox?state=pending');
  const shownPending = await page.$$eval('#outbox tbody tr', (rows) => rows.length);
  check(serverPending.items.length > 0 && shownPending === serverPending.items.length,
    'the notices page lists the server\'s waiting notices: ' + shownPending + ' of ' + serverPending.items.length);
  const waiting = serverPending.items[0];
  await page.click('button[data-notice="' + waiting.id + '"][data-action="skip"]');
  await page.waitForSelector('#confirm[open]');
  await page.type('#confirm-reason', '宛先の確認待ち');
  await page.click('#confirm-ok');
  await page.waitForFunction(() => !document.getElementById('confirm').open);
  // Done once the page, shown again, no longer lists it as waiting.
  await page.waitForFunction((id) => document.body.dataset.ready === 'true' &&
    document.querySelector('#outbox') !== null && document.querySelector('button[data-notice="' + id + '"]') === null,
  { timeout: 10000 }, waiting.id);
  const skippedRows = (await (await fetch(base + '/api/v1/outbox?state=skipped&limit=100', authHeaders)).json()).items;
  check(skippedRows.some((r) => r.id === waiting.id && r.reason === '宛先の確認待ち'), 'a notice skipped in the console is skipped, with its reason');
  await page.screenshot({ path: path.join(out, 'outbox-skipped-ja-1280.png'), fullPage: true });

  // Help says what each change does: amendments and their re-issue, domains
  // and SSIDs, return and revocation, the grant and renewal rules, superseded
  // certificates and "cannot check".
  await go('#/help');
  const helpIds = await page.$$eval('#view section.card', (s) => s.map((x) => x.id));
  check(JSON.stringify(helpIds) === JSON.stringify(['help-amend', 'help-domains', 'help-return', 'help-rules', 'help-certificates', 'help-unknown']),
    'help has a section for each kind of change: ' + helpIds.join(' '));
  check((await text('#help-amend')).includes('再発行') && (await text('#help-rules')).includes('更新受付期間'),
    'help explains re-issue on amendment and the renewal window');

  // A double submission is one action: one key, one operator.
  const opsBefore = (await (await fetch(base + '/api/v1/operators', { headers: { Authorization: 'Bearer ' + token } })).json()).items.length;
  await go('#/operators');
  await page.type('#f-name', '二度押し通信株式会社');
  await page.type('#f-name_en', 'Double Click K.K.');
  await page.type('#f-website', 'https://double.example.jp/');
  const sentBefore = writes.length;
  await page.$eval('#new-operator', (f) => { f.requestSubmit(); f.requestSubmit(); });
  await page.waitForFunction(() => /^#\/operators\/op_/.test(location.hash), { timeout: 10000 });
  await ready();
  const doubled = writes.slice(sentBefore);
  const opsAfter = (await (await fetch(base + '/api/v1/operators', { headers: { Authorization: 'Bearer ' + token } })).json()).items.length;
  check(doubled.length === 2 && doubled[0].key === doubled[1].key && opsAfter === opsBefore + 1,
    'a double submission sends one key twice and makes one operator (' + doubled.length + ' sent, ' + (opsAfter - opsBefore) + ' made)');
  check(writes.length > 10 && writes.every((w) => /^[0-9a-f]{32}$/.test(w.key || '')), 'every write carried an Idempotency-Key (' + writes.length + ' writes)');
  check(new Set(writes.map((w) => w.key)).size >= writes.length - 2, 'separate actions have separate keys');

  // Calendar lists the mark; English toggle.
  await go('#/calendar?days=400');
  const renewalRows = await page.$$eval('#renewals tbody tr', (r) => r.map((x) => x.textContent));
  check(renewalRows.some((t) => t.includes(number)), 'calendar lists the mark for renewal');
  check(renewalRows.some((t) => t.includes(number) && / – \d{4}-\d{2}-\d{2}/.test(t)), 'calendar shows its renewal window');
  const subscribe = await page.$eval('#ics-subscribe', (p) => p.textContent);
  check(subscribe.includes('--role calendar') && subscribe.includes('/api/v1/calendar.ics?token=TOKEN'), 'calendar says how a calendar app subscribes');
  await page.screenshot({ path: path.join(out, 'calendar-ja.png'), fullPage: true });
  await page.click('#lang');
  await ready();
  check((await page.$eval('nav a[href="#/dashboard"]', (a) => a.textContent)) === 'Dashboard', 'English toggle');
  await go('#/dashboard');
  await page.screenshot({ path: path.join(out, 'dashboard-en.png'), fullPage: true });
  await page.setViewport({ width: 390, height: 844 });
  await go('#/applications/' + appId);
  await page.screenshot({ path: path.join(out, 'application-mobile-en.png'), fullPage: false });

  // Each console page at 390 px and 1280 px, in Japanese and English: a
  // screenshot kept, nothing wider than the screen (tables scroll in their
  // own box), and axe-core finds no serious or critical violation. axe runs
  // in its own tab that bypasses the CSP (it is injected as a script).
  const axePage = await browser.newPage();
  await axePage.setBypassCSP(true);
  await axePage.goto(base + '/admin/', { waitUntil: 'load' });
  await axePage.evaluate((tk) => sessionStorage.setItem('mark.console.token', tk), token);
  const axeSource = readFileSync(path.join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const consolePages = [['today', '#/today'], ['dashboard', '#/dashboard'], ['marks', '#/marks'], ['mark', '#/marks/' + number],
    ['application', '#/applications/' + appId], ['operators', '#/operators'], ['calendar', '#/calendar'], ['help', '#/help'], ['outbox', '#/outbox']];
  for (const lng of ['ja', 'en']) {
    await axePage.evaluate((l) => localStorage.setItem('mark.console.lang', l), lng);
    for (const width of [390, 1280]) {
      await axePage.setViewport({ width, height: 900 });
      for (const [name, hash] of consolePages) {
        await axePage.goto('about:blank');  // a full load each time: the language is read at start-up
        await axePage.goto(base + '/admin/' + hash, { waitUntil: 'load' });
        await axePage.waitForFunction(() => document.body.dataset.ready === 'true' && !document.getElementById('nav').hidden, { timeout: 10000 });
        await axePage.screenshot({ path: path.join(out, name + '-' + lng + '-' + width + '.png'), fullPage: true });
        const overflow = await axePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        check(overflow <= 0, name + ' ' + lng + ' ' + width + ' px: nothing wider than the screen (' + overflow + ' px over)');
        if (width === 390) continue;
        await axePage.evaluate(axeSource);
        const found = await axePage.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')));
        check(found.length === 0, 'axe-core ' + name + ' ' + lng + ': no serious or critical violations' + (found.length ? ': ' + found.join(' | ') : ''));
      }
    }
  }
  await axePage.close();

  check(problems.length === 0, 'no page errors, console errors or CSP violations' + (problems.length ? ': ' + problems.join(' | ') : ''));
} catch (e) {
  failures++;
  console.log('FAIL ' + (e.stack || e));
  for (const p of await browser.pages()) {
    await p.screenshot({ path: path.join(out, 'failure.png'), fullPage: true }).catch(() => {});
    console.log('page: ' + (await p.evaluate(() => location.hash + ' ' + (document.getElementById('score') || {}).textContent + ' ' + (document.getElementById('flash') || {}).textContent).catch(() => '')));
  }
} finally {
  await browser.close();
  markd.kill('SIGTERM');
}
console.log('screenshots: ' + out);
if (!arg('out')) rmSync(path.join(work, 'chromium'), { recursive: true, force: true });
if (failures) {
  console.log(failures + ' check(s) failed');
  process.exit(1);
}
console.log('console: all checks passed');
