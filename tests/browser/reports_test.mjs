// End-to-end check of the console's misuse-report inbox (static/admin/reports.js)
// in headless Chromium against a real markd: two reports sent as the verify
// page sends them appear newest first under "open"; one is moved to
// investigating with a note, then closing it without a note is held back in
// the dialog and with one it leaves the open list and shows under "closed"
// with its note; the open one is on the dashboard's attention list. Fails on
// any page error or CSP violation.
//
// usage: node reports_test.mjs --build BUILD_DIR [--out DIR]
import { rmSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { arg, chromium, startRegistry, testSetUp } from './harness.mjs';

const { build, work, out, markctl } = testSetUp('reports');

let failures = 0;
function check(cond, what) {
  if (cond) console.log('ok   ' + what);
  else { failures++; console.log('FAIL ' + what); }
}

const { token, markd, base } = await startRegistry({ build, work, markctl }, 'reports-test');

async function sendReport(body) {
  const res = await fetch(base + '/api/v1/reports', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (res.status !== 201) throw new Error('report: ' + res.status + ' ' + JSON.stringify(json));
  return json.id;
}

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  userDataDir: path.join(work, 'chromium'),
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--lang=ja-JP'],
});

try {
  const older = await sendReport({ number: 'J0001', seen_at: 'shop.example.com', what: '知らない通販サイトにバッジがある' });
  const newer = await sendReport({ number: 'J0002', what: 'QR code on a flyer leads elsewhere' });

  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  const problems = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => {
    const url = (m.location() && m.location().url) || '';
    if (m.type() === 'error' && !url.endsWith('/favicon.ico')) problems.push('console: ' + m.text() + ' ' + url);
  });
  page.on('dialog', (d) => { problems.push('unexpected window dialog: ' + d.message()); d.dismiss(); });
  const ready = () => page.waitForFunction(() => document.body.dataset.ready === 'true', { timeout: 10000 });
  const go = async (hash) => { await page.evaluate((h) => { location.hash = h; }, hash); await ready(); };
  const rowsText = () => page.$$eval('#reports tbody tr', (rows) => rows.map((r) => r.textContent));

  await page.goto(base + '/admin/', { waitUntil: 'load' });
  await ready();
  await page.type('#token', token);
  await page.click('#signin-form button[type=submit]');
  await page.waitForFunction(() => !document.getElementById('nav').hidden);
  await ready();

  const attention = await page.$$eval('#view td', (tds) => tds.map((td) => td.textContent).join('|'));
  check(attention.includes('未完了の報告'), 'the dashboard lists open reports as needing attention');

  await page.click('nav a[href="#/reports"]');
  await page.waitForFunction(() => location.hash === '#/reports');
  await ready();
  check((await page.$eval('#view h2', (el) => el.textContent)) === '不正利用の報告', 'the inbox has its menu entry and page');
  let rows = await rowsText();
  check(rows.length === 2 && rows[0].includes('QR code on a flyer') && rows[1].includes('shop.example.com'), 'open reports, newest first');

  // Investigate the older one, with a note.
  await page.click(`button[data-report="${older}"][data-to="investigating"]`);
  await page.waitForSelector('#confirm[open]');
  await page.type('#confirm-note', '事業者に確認中');
  await page.click('#confirm-ok');
  await page.waitForFunction(() => (document.getElementById('flash') || {}).hidden === false);
  await ready();
  rows = await rowsText();
  check(rows.some((r) => r.includes('調査中') && r.includes('事業者に確認中') && r.includes('reports-test')), 'moved to investigating with a note and who did it');

  // Closing needs a note: the dialog holds back until there is one.
  await page.click(`button[data-report="${older}"][data-to="closed"]`);
  await page.waitForSelector('#confirm[open]');
  await page.$eval('#confirm-note', (el) => { el.value = ''; });
  await page.click('#confirm-ok');
  check(await page.$eval('#confirm', (d) => d.open && document.getElementById('confirm-error').textContent !== ''), 'closing without a note is held back');
  await page.type('#confirm-note', 'サイトから削除済み');
  await page.click('#confirm-ok');
  await page.waitForFunction(() => !document.getElementById('confirm').open);
  await ready();
  await page.waitForFunction(() => document.querySelectorAll('#reports tbody tr').length === 1);
  rows = await rowsText();
  check(rows.length === 1 && rows[0].includes('QR code on a flyer'), 'a closed report leaves the open list');

  await go('#/reports?status=closed');
  rows = await rowsText();
  check(rows.length === 1 && rows[0].includes('サイトから削除済み') && rows[0].includes('完了'), 'the closed report shows under closed with its note');
  await page.screenshot({ path: path.join(out, 'reports-closed-ja.png'), fullPage: true });
  check(newer !== older, 'two reports were stored');

  check(problems.length === 0, 'no page errors, console errors or CSP violations' + (problems.length ? ': ' + problems.join(' | ') : ''));
} catch (e) {
  failures++;
  console.log('FAIL ' + (e.stack || e));
  for (const p of await browser.pages())
    await p.screenshot({ path: path.join(out, 'failure.png'), fullPage: true }).catch(() => {});
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
console.log('reports: all checks passed');
