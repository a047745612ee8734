// Headless Chromium shows the badge an ISP embeds, on real pages of two
// sites: the holder's registered one (sakura-net.example.jp) and a copycat
// (copycat.example). Both names are mapped to 127.0.0.1 with
// --host-resolver-rules and their pages come from a small HTTP server this
// test starts on loopback; the badge comes from a real markd. Nothing sets a
// header by hand: each badge is the one Chromium itself asked for and drew
// (the response body it received, and the <img> decoded). The pages paste
// the embed kit's own snippet.
//
//   registered site, snippet                         → the plain badge
//   copycat site, snippet                            → foreign site
//   copycat site, snippet with referrerpolicy=no-referrer → site not confirmed
//   registered site with <meta name=referrer content=no-referrer>,
//     or a Referrer-Policy: no-referrer header, snippet unchanged → the plain badge
//   registered site, <meta no-referrer>, an <img> without the snippet's policy
//                                                    → site not confirmed
//   the registry's own embed kit preview             → the plain badge
//   one visitor going from site to site (one browser cache) → each page its own
//
// usage: node badge_test.mjs --build BUILD_DIR [--out DIR]   (screenshots)
import http from 'node:http';
import { rmSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { arg, chromium, startRegistry, testSetUp } from './harness.mjs';

const { build, work, out, markctl } = testSetUp('badge');

const REGISTERED = 'sakura-net.example.jp';
const COPYCAT = 'copycat.example';
const NUMBER = 'J0072';

let failures = 0;
function check(cond, what) {
  if (cond) console.log('ok   ' + what);
  else { failures++; console.log('FAIL ' + what); }
}

// The badge's looks, told apart by the words and colours of verdict.cpp.
const GREEN = '#1a7f37';
const looks = {
  plain: (svg) => svg.includes('>有効<') && svg.includes(GREEN) && !svg.includes('掲載サイト未確認') && !svg.includes('登録外サイト'),
  foreign: (svg) => svg.includes('>登録外サイト<') && svg.includes(COPYCAT) && !svg.includes(GREEN),
  notConfirmed: (svg) => svg.includes('>有効<') && svg.includes('· 掲載サイト未確認<') && !svg.includes(GREEN) && !svg.includes('登録外サイト'),
};
const lookOf = (svg) => Object.keys(looks).find((k) => looks[k](svg)) || 'unrecognised';

// markd on a fresh registry, with one mark for the registered site.
const { token, markd, base } = await startRegistry({ build, work, markctl }, 'badge-test');

async function apiPost(p, body) {
  const res = await fetch(base + p, { method: 'POST', headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(p + ': ' + JSON.stringify(json));
  return json;
}

// The two sites' pages. Each path is one way of embedding the badge; the
// Host header says which site is asked.
const pages = new Map();
const site = http.createServer((req, res) => {
  const page = pages.get(new URL(req.url, 'http://x').pathname);
  if (!page) { res.writeHead(404).end(); return; }
  const headers = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...(page.headers || {}) };
  res.writeHead(200, headers).end(page.html);
});
await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
const sitePort = site.address().port;
const siteUrl = (host, p) => 'http://' + host + ':' + sitePort + p;

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  userDataDir: path.join(work, 'chromium'),
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--lang=ja-JP', '--accept-lang=ja-JP,ja',
    `--host-resolver-rules=MAP ${REGISTERED} 127.0.0.1, MAP ${COPYCAT} 127.0.0.1`],
});

// Opens `url` in `context` and returns what Chromium fetched for the badge
// and drew: the SVG it received, whether the <img> decoded, and the Referer
// it sent (when the protocol reports it).
async function visit(context, url, shot) {
  const page = await context.newPage();
  await page.setViewport({ width: 480, height: 220 });
  const badges = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/badge/' + NUMBER + '.svg') badges.push(r);
  });
  await page.goto(url, { waitUntil: 'load' });
  const drawn = await page.$$eval('img', (imgs) => imgs.map((i) => i.complete && i.naturalWidth > 0));
  if (shot) await page.screenshot({ path: path.join(out, shot) });
  const got = [];
  for (const r of badges) {
    got.push({ status: r.status(), body: await r.text(), referer: r.request().headers().referer || '(not reported)', fromCache: r.fromCache() });
  }
  await page.close();
  return { drawn, got };
}

try {
  const op = await apiPost('/api/v1/operators', { name: 'さくらネット株式会社', name_en: 'Sakura Net K.K.', website: 'https://' + REGISTERED + '/' });
  const svc = await apiPost('/api/v1/services', { operator_id: op.id, scheme: 'isp', name: 'さくらネット光', name_en: 'Sakura Net Hikari', domains: [REGISTERED] });
  await apiPost('/api/v1/marks', { service_id: svc.id, first_review_body: 'JAIPA', basis: 'import', number: NUMBER, note: 'browser test' });

  // The snippet exactly as the embed kit hands it out.
  const kit = await (await fetch(base + '/embed/' + NUMBER)).text();
  const m = kit.match(/<textarea id="snippet"[^>]*>([\s\S]*?)<\/textarea>/);
  if (!m) throw new Error('no snippet in the embed kit');
  const snippet = m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  check(snippet.includes('referrerpolicy="strict-origin-when-cross-origin"'), 'the embed kit snippet sets referrerpolicy="strict-origin-when-cross-origin"');
  const badgeUrl = base + '/badge/' + NUMBER + '.svg';
  check(snippet.includes('src="' + badgeUrl + '"'), 'the snippet loads the badge from markd');
  const doc = (head, body) => '<!doctype html><html lang="ja"><head><meta charset="utf-8">' + head + '<title>ISP</title></head><body><p>ISP</p>' + body + '</body></html>';
  const noReferrerMeta = '<meta name="referrer" content="no-referrer">';
  pages.set('/snippet.html', { html: doc('', snippet) });
  pages.set('/snippet-no-referrer.html', { html: doc('', snippet.replace('referrerpolicy="strict-origin-when-cross-origin"', 'referrerpolicy="no-referrer"')) });
  pages.set('/meta-no-referrer.html', { html: doc(noReferrerMeta, snippet) });
  pages.set('/header-no-referrer.html', { html: doc('', snippet), headers: { 'Referrer-Policy': 'no-referrer' } });
  pages.set('/meta-no-referrer-bare-img.html', { html: doc(noReferrerMeta, '<img src="' + badgeUrl + '" width="360" height="120" alt="badge">') });

  const cases = [
    { host: REGISTERED, path: '/snippet.html', want: 'plain', what: 'registered site, the snippet: the plain badge' },
    { host: COPYCAT, path: '/snippet.html', want: 'foreign', what: 'copycat site, the snippet: foreign site' },
    { host: COPYCAT, path: '/snippet-no-referrer.html', want: 'notConfirmed', what: 'copycat site, referrerpolicy="no-referrer": site not confirmed' },
    { host: COPYCAT, path: '/meta-no-referrer-bare-img.html', want: 'notConfirmed', what: 'copycat site, <meta no-referrer> and a bare <img>: site not confirmed' },
    { host: REGISTERED, path: '/snippet-no-referrer.html', want: 'notConfirmed', what: 'registered site, referrerpolicy="no-referrer": site not confirmed' },
    { host: REGISTERED, path: '/meta-no-referrer.html', want: 'plain', what: 'registered site with <meta name="referrer" content="no-referrer">, the snippet: the plain badge' },
    { host: REGISTERED, path: '/header-no-referrer.html', want: 'plain', what: 'registered site sending Referrer-Policy: no-referrer, the snippet: the plain badge' },
    { host: REGISTERED, path: '/meta-no-referrer-bare-img.html', want: 'notConfirmed', what: 'registered site, <meta no-referrer> and a bare <img>: site not confirmed' },
  ];
  // Each case in a fresh incognito context: its own empty cache, so the
  // badge is fetched from markd, as a new visitor would.
  for (const c of cases) {
    const context = await browser.createBrowserContext();
    const shot = c.host.split('.')[0] + c.path.replace(/\//g, '-').replace('.html', '') + '.png';
    const v = await visit(context, siteUrl(c.host, c.path), shot);
    await context.close();
    const got = v.got[0];
    check(v.got.length === 1 && got.status === 200 && looks[c.want](got.body),
      c.what + (got ? ' (got ' + lookOf(got.body) + ', Referer ' + got.referer + ')' : ' (no badge fetched)'));
    check(v.drawn.length === 1 && v.drawn[0], '  …and Chromium drew it');
  }

  // The registry's own embed kit: its preview is the plain badge.
  {
    const context = await browser.createBrowserContext();
    const v = await visit(context, base + '/embed/' + NUMBER, 'embed-kit.png');
    await context.close();
    check(v.got.length === 1 && looks.plain(v.got[0].body), 'embed kit preview: the plain badge' + (v.got[0] ? ' (got ' + lookOf(v.got[0].body) + ')' : ''));
  }
  // The verify page, opened as a QR scan opens it (no Referer): the plain
  // answer, with a word on what a "site not confirmed" badge meant.
  {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(base + '/v/' + NUMBER, { waitUntil: 'load' });
    check(await page.$eval('.verdict', (e) => e.classList.contains('st-valid')), 'verify page without a Referer: the plain answer');
    check((await page.$eval('#site-not-confirmed', (e) => e.textContent)).includes('掲載サイト未確認'), 'verify page explains "site not confirmed"');
    await context.close();
  }

  // One visitor (one browser, one cache) going from site to site within the
  // badge's max-age: every page still shows its own variant.
  {
    const context = await browser.createBrowserContext();
    const tour = [
      [COPYCAT, '/snippet-no-referrer.html', 'notConfirmed'],
      [REGISTERED, '/snippet.html', 'plain'],
      [COPYCAT, '/snippet.html', 'foreign'],
      [REGISTERED, '/meta-no-referrer.html', 'plain'],
      [COPYCAT, '/snippet-no-referrer.html', 'notConfirmed'],
      [REGISTERED, '/snippet.html', 'plain'],
    ];
    for (const [host, p, want] of tour) {
      const v = await visit(context, siteUrl(host, p));
      const got = v.got[0];
      check(v.got.length === 1 && looks[want](got.body),
        'same visitor, then ' + host + p + ': ' + want + (got ? ' (got ' + lookOf(got.body) + (got.fromCache ? ', from cache' : '') + ')' : ' (no badge fetched)'));
    }
    await context.close();
  }
} catch (e) {
  failures++;
  console.log('FAIL ' + (e.stack || e));
} finally {
  await browser.close();
  site.close();
  markd.kill('SIGTERM');
}
console.log('screenshots: ' + out);
if (!arg('out')) rmSync(work, { recursive: true, force: true });
if (failures) {
  console.log(failures + ' check(s) failed');
  process.exit(1);
}
console.log('badge: all checks passed');
