// The public pages as a consumer sees them, in headless Chromium against a
// real markd: the verify page for every status (one verdict, never green
// unless valid; the registry's own address; the time of check; the exact
// domain rule; what the mark means; the report form), a certificate
// tampered in flight (the top of the page becomes "could not confirm") and
// one the browser cannot fetch ("could not check", grey), domains that wrap
// only at dots at 320 px, the search with ordinary Japanese input (over HTTP
// and in the page), the language from Accept-Language, canonical addresses
// and HTML errors, the embed kit, and axe-core on the three pages (no
// serious or critical violation). Screenshots at 390 px and 1280 px in
// Japanese and English are kept in the folder printed at the start.
//
// usage: node pages_test.mjs --build BUILD_DIR [--out DIR]
import path from 'node:path';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';
import { chromium, startRegistry, testSetUp } from './harness.mjs';

const { build, work, out, markctl } = testSetUp('pages');
console.log('screenshots: ' + out);
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let failures = 0;
function check(cond, what) {
  if (cond) console.log('ok   ' + what);
  else { failures++; console.log('FAIL ' + what); }
}

const { token, markd, base } = await startRegistry({ build, work, markctl }, 'pages-test');

async function apiPost(p, body) {
  const res = await fetch(base + p, { method: 'POST', headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(p + ': ' + JSON.stringify(json));
  return json;
}

// A 法人番号 with its check digit (the leading one) for twelve digits.
function corporateNumber(digits12) {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(digits12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return String(9 - (sum % 9)) + digits12;
}

// Today in JST, moved by whole years, as YYYY-MM-DD.
function jstDate(yearsFromNow) {
  const d = new Date(Date.now() + 9 * 3600 * 1000);
  d.setUTCFullYear(d.getUTCFullYear() + yearsFromNow);
  return d.toISOString().slice(0, 10);
}

const LONG_DOMAIN = 'hikari-fiber-broadband-members.sakura-net.example.jp';
const CORP = corporateNumber('700110005901');
let serial = 0;
async function grant({ scheme = 'isp', name, nameEn, opName, corporate, domains = [], ssids = [], venues, validFrom }) {
  const opBody = { name: opName || name + '株式会社', name_en: (nameEn || 'Op') + ' Co., Ltd.', website: 'https://op' + (++serial) + '.example.jp/' };
  if (corporate) opBody.corporate_number = corporate;
  const op = await apiPost('/api/v1/operators', opBody);
  const svcBody = { operator_id: op.id, scheme, name, name_en: nameEn, domains, ssids };
  if (venues) svcBody.venues = venues;
  const svc = await apiPost('/api/v1/services', svcBody);
  const g = { service_id: svc.id, first_review_body: 'JAIPA', basis: 'import', number: 'J' + String(serial).padStart(4, '0'), note: 'pages test' };
  if (validFrom) g.valid_from = validFrom;
  return (await apiPost('/api/v1/marks', g)).number;
}

const marks = {};
marks.valid = await grant({ name: 'さくらネット光', nameEn: 'Sakura Net Hikari', opName: 'さくらネット株式会社', corporate: CORP,
  domains: ['sakura-net.example.jp', LONG_DOMAIN] });
marks.wifi = await grant({ scheme: 'wifi', name: 'みなとフリーWi-Fi', nameEn: 'Minato Free Wi-Fi', ssids: ['Minato_Free_WiFi'],
  venues: ['山下公園', '横浜駅 東口'] });
marks.suspended = await grant({ name: '停止光', nameEn: 'Suspended Hikari', domains: ['suspended.example.jp'] });
marks.revoked = await grant({ name: '取消光', nameEn: 'Revoked Hikari', domains: ['revoked.example.jp'] });
marks.returned = await grant({ name: '返上光', nameEn: 'Returned Hikari', domains: ['returned.example.jp'] });
marks.expired = await grant({ name: '期限切れ光', nameEn: 'Expired Hikari', domains: ['expired.example.jp'], validFrom: jstDate(-2) });
await apiPost('/api/v1/marks/' + marks.suspended + '/suspend', { reason: '監査報告書の未提出' });
await apiPost('/api/v1/marks/' + marks.revoked + '/revoke', { reason: '審査基準違反' });
await apiPost('/api/v1/marks/' + marks.returned + '/return', { reason: 'サービス提供終了のため返上', reason_code: 'service_ended' });

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  userDataDir: path.join(work, 'chromium'),
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
});

// Pixels of a PNG screenshot that are green-ish (the valid colour and its
// tint, or anything near them), counted by Chromium drawing it in a canvas.
async function greenPixels(png) {
  const page = await browser.newPage();
  const n = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let count = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 1] > d[i] + 30 && d[i + 1] > d[i + 2] + 20) count++;
    return count;
  }, Buffer.from(png).toString('base64'));
  await page.close();
  return n;
}

// Opens a page the way a visitor does, in a fresh context; `setup` may
// intercept requests before it loads. Waits for the signature check to end.
async function open(url, { width = 390, height = 844, lang = 'ja', setup } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setBypassCSP(true);  // lets axe-core be injected; the page's own CSP is checked in pages_test.cpp
  await page.setViewport({ width, height });
  await page.setExtraHTTPHeaders({ 'Accept-Language': lang === 'en' ? 'en-US,en;q=0.9' : 'ja,en;q=0.5' });
  if (setup) await setup(page);
  const res = await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => {
    const s = document.getElementById('sig-result');
    return !s || !/sig-(checking|unchecked)/.test(s.className);
  }, { timeout: 20000 }).catch(() => {});
  return { context, page, res };
}

async function axe(page, what) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
  });
  check(result.length === 0, 'axe-core: no serious or critical violation on ' + what + (result.length ? ': ' + result.join('; ') : ''));
}

const visible = (page, sel) => page.$eval(sel, (e) => !e.hidden && e.getClientRects().length > 0).catch(() => false);
const text = (page, sel) => page.$eval(sel, (e) => e.textContent).catch(() => '');

try {
  const origin = new URL(base).origin;

  // Every status, in both languages and both sizes: one verdict; only a
  // valid mark's page has any green, and only with the signature verified.
  for (const [status, number] of Object.entries(marks)) {
    for (const lang of ['ja', 'en']) {
      for (const width of [390, 1280]) {
        const { context, page } = await open(base + '/v/' + number, { width, height: width === 390 ? 844 : 900, lang });
        const shot = await page.screenshot({ fullPage: true, path: path.join(out, `verify-${status}-${lang}-${width}.png`) });
        const green = await greenPixels(shot);
        const sig = await page.$eval('#sig-result', (e) => e.className);
        const where = `${status} ${number} ${lang} ${width}px`;
        if (status === 'valid' || status === 'wifi') {
          check(green > 0, `verify page, ${where}: green (${green} px) under a valid verdict`);
          check(sig.includes('sig-verified'), `  …the browser verified the signature (${sig})`);
          check(/\d\d:\d\d JST/.test(await text(page, '#sig-result')), '  …and says when, in JST');
        } else {
          check(green === 0, `verify page, ${where}: no green pixel (${green})`);
        }
        if (width === 390) {
          check((await page.$$('.verdict:not([hidden])')).length === 1 && await visible(page, '#verdict'), `  …${where}: one verdict`);
          check(!(await visible(page, '#cnc')), '  …and not "could not confirm"');
          check((await text(page, 'header .official-url')).includes(origin), '  …the header names the official address');
          check((await text(page, '#verdict .verdict-address')).includes(origin + '/v/' + number), '  …the verdict says where this page must be');
          check(/\d{4}-\d\d-\d\d \d\d:\d\d JST/.test(await text(page, '#verdict .verdict-checked')), '  …and the time of check in JST');
          check(await page.$eval('#sig-result', (e) => !!e.closest('#verdict')), '  …the signature line is inside the verdict card');
          check(await page.$('.about a[href^="https://"]') !== null, '  …what the mark means, with the council\'s site');
          check(await page.$('.report-link a[href="#report"]') !== null && await page.$('#report form') !== null, '  …the report form, linked under the verdict');
          if (status === 'expired' || status === 'returned' || status === 'suspended' || status === 'revoked')
            check(/\d{4}-\d\d-\d\d/.test(await text(page, '#verdict .verdict-since')), '  …since when');
          if (status === 'valid' && lang === 'en') {
            const ex = await text(page, '.example');
            check(ex.includes('www.sakura-net.example.jp') && ex.includes('sakura-net.example.jp.evil.example'), '  …the domain rule with an example (www. and a look-alike suffix)');
            await axe(page, 'the verify page (en)');
          }
          if (status === 'valid' && lang === 'ja') await axe(page, 'the verify page (ja)');
          if (status === 'suspended' && lang === 'ja') await axe(page, 'a suspended mark\'s verify page');
        }
        await context.close();
      }
    }
  }

  // A certificate changed in flight: the top of the page says "could not
  // confirm", the verdict card (and its green) is gone.
  for (const lang of ['ja', 'en']) {
    const { context, page } = await open(base + '/v/' + marks.valid, {
      lang,
      setup: async (p) => {
        await p.setRequestInterception(true);
        p.on('request', async (r) => {
          if (!r.url().endsWith('/api/v1/marks/' + marks.valid + '/certificate')) return r.continue();
          const real = await fetch(r.url());
          const [h, pl, s] = (await real.text()).trim().split('.');
          const payload = JSON.parse(Buffer.from(pl, 'base64url').toString());
          payload.exp = (payload.exp || 0) + 10 * 365 * 86400;
          r.respond({ status: 200, contentType: real.headers.get('content-type') || 'application/jwt',
            body: h + '.' + Buffer.from(JSON.stringify(payload)).toString('base64url') + '.' + s });
        });
      },
    });
    const shot = await page.screenshot({ fullPage: true, path: path.join(out, `verify-tampered-${lang}-390.png`) });
    check(await visible(page, '#cnc') && !(await visible(page, '#verdict')), `tampered certificate (${lang}): "could not confirm" in the verdict's place`);
    const top = await page.evaluate(() => {
      const main = document.querySelector('main');
      const first = [...main.children].find((e) => !e.hidden && e.getClientRects().length > 0);
      return first ? first.id : '';
    });
    check(top === 'cnc', `  …it is the top of the page (${top})`);
    check(await greenPixels(shot) === 0, '  …and nothing on the page is green');
    await context.close();
  }

  // The certificate cannot be fetched: "could not check", grey, the verdict kept.
  {
    const { context, page } = await open(base + '/v/' + marks.valid, {
      setup: async (p) => {
        await p.setRequestInterception(true);
        p.on('request', (r) => (r.url().includes('/certificate') ? r.abort() : r.continue()));
      },
    });
    await page.screenshot({ fullPage: true, path: path.join(out, 'verify-could-not-check-ja-390.png') });
    const sig = await page.$eval('#sig-result', (e) => ({ cls: e.className, bg: getComputedStyle(e).backgroundColor }));
    check(sig.cls.includes('sig-unavailable') && await visible(page, '#verdict') && !(await visible(page, '#cnc')),
      'certificate unreachable: "could not check", the verdict kept (' + sig.cls + ')');
    const [r, g, b] = sig.bg.match(/\d+/g).map(Number);
    check(!(g > r + 30 && g > b + 20), '  …and its line is not green (' + sig.bg + ')');
    await context.close();
  }

  // Long domains wrap only at dots on a 320 px screen.
  {
    const { context, page } = await open(base + '/v/' + marks.valid, { width: 320, height: 700 });
    await page.screenshot({ fullPage: true, path: path.join(out, 'verify-valid-ja-320.png') });
    const broken = await page.$$eval('.domain .dl', (ls) => ls.filter((l) => l.getClientRects().length > 1).map((l) => l.textContent));
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    check(broken.length === 0, '320 px: no domain label breaks inside (' + broken.join(', ') + ')');
    check(wide <= 320, '320 px: nothing wider than the screen (' + wide + ')');
    check(await page.$$eval('.domain', (ds) => ds.some((d) => d.textContent === 'hikari-fiber-broadband-members.sakura-net.example.jp')), '  …and the domain copies whole');
    await context.close();
  }

  // Search: ordinary input finds the genuine mark, over HTTP and in the page.
  const searches = [
    ['Ｊ０００１', marks.valid, 'full-width number'],
    ['サクラネット', marks.valid, 'katakana for a hiragana name'],
    ['さくら ネット 光', marks.valid, 'a name with spaces'],
    ['さくらネット株式会社', marks.valid, 'the operator'],
    ['山下公園', marks.wifi, 'a venue'],
    ['minato_free_wifi', marks.wifi, 'an SSID in another case'],
    [CORP, marks.valid, 'a 法人番号'],
    ['ｓａｋｕｒａ－ｎｅｔ．ｅｘａｍｐｌｅ．ｊｐ', marks.valid, 'a full-width domain'],
  ];
  for (const [q, want, what] of searches) {
    // The API takes a domain as ?domain=; the page reads one typed in the box.
    const api = await (await fetch(base + '/api/v1/marks?' + (what.includes('domain') ? 'domain=sakura-net.example.jp' : 'q=' + encodeURIComponent(q)))).json();
    const numbers = (api.items || []).map((m) => m.number);
    check(numbers.includes(want), `GET /api/v1/marks (${what}: ${q}) finds ${want} (${numbers.join(',')})`);
    const { context, page, res } = await open(base + '/?q=' + encodeURIComponent(q), { width: 1280, height: 900 });
    const url = page.url();
    const found = url.includes('/v/' + want) || await page.$$eval('.results .num', (ns, w) => ns.some((n) => n.textContent === w), want);
    check(res.status() < 400 && found, `search page "${q}" (${what}) finds ${want}`);
    check(!(await page.content()).includes('class="warn"'), '  …without a fraud warning');
    await context.close();
  }
  {
    // An SSID in another case: another network, said so; the exact one first.
    const { context, page } = await open(base + '/?q=minato_free_wifi', { width: 390 });
    await page.screenshot({ fullPage: true, path: path.join(out, 'search-near-ssid-ja-390.png') });
    check(await page.$('.hit.near .near-note') !== null, 'an SSID in another case is labelled as another network');
    await context.close();
    const exact = await (await fetch(base + '/?q=Minato_Free_WiFi')).text();
    check(exact.includes('/v/' + marks.wifi) && !exact.includes('hit near'), 'the exact SSID is an ordinary result');
  }
  for (const lang of ['ja', 'en']) {
    const { context, page } = await open(base + '/?q=' + encodeURIComponent('存在しない名前'), { lang });
    await page.screenshot({ fullPage: true, path: path.join(out, `search-nothing-${lang}-390.png`) });
    check(await page.$('.empty .tips') !== null && await page.$('.empty .warn') === null, `no result for a name (${lang}): how to search again, no fraud warning`);
    if (lang === 'ja') await axe(page, 'the search page');
    await context.close();
    const { context: c2, page: p2 } = await open(base + '/?q=J9999', { lang, width: 1280, height: 900 });
    await p2.screenshot({ fullPage: true, path: path.join(out, `search-unknown-number-${lang}-1280.png`) });
    check(await p2.$('.empty .warn') !== null, `no result for an exact number (${lang}): the warning`);
    await c2.close();
  }
  for (const lang of ['ja', 'en']) {
    for (const width of [390, 1280]) {
      const { context, page } = await open(base + '/?q=' + encodeURIComponent('さくら'), { lang, width, height: width === 390 ? 844 : 900 });
      await page.screenshot({ fullPage: true, path: path.join(out, `search-${lang}-${width}.png`) });
      await context.close();
    }
  }

  // The language: ?lang=, then Accept-Language, then Japanese.
  const htmlLang = async (p, headers = {}) => ((await (await fetch(base + p, { headers })).text()).match(/<html lang="([^"]+)"/) || [])[1];
  check(await htmlLang('/', { 'Accept-Language': 'en-US,en;q=0.9' }) === 'en', 'Accept-Language: en gives an English search page');
  check(await htmlLang('/v/' + marks.valid, { 'Accept-Language': 'ko-KR,ko;q=0.9' }) === 'ko', 'Accept-Language: ko gives a Korean verify page');
  check(await htmlLang('/v/' + marks.valid, { 'Accept-Language': 'fr' }) === 'ja', 'Accept-Language: fr gives Japanese');
  check(await htmlLang('/?lang=zh', { 'Accept-Language': 'en' }) === 'zh-Hans', '?lang=zh wins over Accept-Language');

  // Canonical addresses, and HTML for every page error.
  const redirect = async (p) => {
    const r = await fetch(base + p, { redirect: 'manual' });
    return r.status + ' ' + (r.headers.get('location') || '');
  };
  check(await redirect('/v/' + marks.valid + '/') === '301 /v/' + marks.valid, '/v/{n}/ redirects to /v/{n}');
  check(await redirect('/v/' + marks.valid.toLowerCase() + '?lang=en') === '301 /v/' + marks.valid + '?lang=en', 'a lower-case number redirects, the query kept');
  const fullWidth = [...marks.valid].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
  check(await redirect('/v/' + encodeURIComponent(fullWidth)) === '301 /v/' + marks.valid, 'a full-width number redirects');
  check(await redirect('/embed/' + marks.valid + '/') === '301 /embed/' + marks.valid, '/embed/{n}/ redirects');
  for (const p of ['/v/J9999', '/v/' + encodeURIComponent('Ｊ９９９９'), '/v/nonsense', '/embed/J9999', '/v/', '/admin/nowhere']) {
    const r = await fetch(base + p, { headers: { Accept: 'text/html' } });
    check(r.status >= 400 && (r.headers.get('content-type') || '').startsWith('text/html'), `${p}: ${r.status} as an HTML page (${r.headers.get('content-type')})`);
  }
  {
    const { context, page, res } = await open(base + '/v/J9999', { lang: 'en' });
    await page.screenshot({ fullPage: true, path: path.join(out, 'verify-not-registered-en-390.png') });
    check(res.status() === 404 && (await text(page, 'h1')).length > 0 && (await text(page, '.verdict-sub')).includes('J9999'), 'an unknown number: the "not registered" page names it');
    await context.close();
  }
  {
    const r = await fetch(base + '/api/v1/marks/J9999', { headers: { Accept: 'text/html' } });
    check((r.headers.get('content-type') || '').startsWith('application/problem+json'), 'the API keeps problem+json');
  }

  // The embed kit: how to embed, and each state as the badge shows it.
  for (const lang of ['ja', 'en']) {
    for (const width of [390, 1280]) {
      const { context, page } = await open(base + '/embed/' + marks.valid, { lang, width, height: width === 390 ? 844 : 900 });
      await page.screenshot({ fullPage: true, path: path.join(out, `embed-${lang}-${width}.png`) });
      if (width === 390) {
        check(await page.$$eval('#how-h + ol li', (l) => l.length) >= 3, `embed kit (${lang}): how to embed, step by step`);
        check(await page.$$eval('#states-h ~ ul li .pill', (l) => l.length) >= 6, `embed kit (${lang}): what each state looks like`);
        if (lang === 'ja') await axe(page, 'the embed kit');
      }
      await context.close();
    }
  }
} catch (e) {
  failures++;
  console.log('FAIL ' + (e.stack || e));
} finally {
  await browser.close();
  markd.kill();
}
console.log(failures ? failures + ' check(s) failed' : 'all checks passed');
process.exit(failures ? 1 : 0);
