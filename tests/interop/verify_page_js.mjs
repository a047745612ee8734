// Drives static/verify.js in headless Chromium against a real Ed25519
// certificate, to show the in-browser check gives its three honest outcomes:
// verified, failed (tampered, other mark, unknown key), could not check
// (certificate unavailable). The page HTML is the C++ renderer's output
// (RenderVerifyPage), served under the strict CSP the server will send.
//
// usage: node tests/interop/verify_page_js.mjs --page FILE [--static DIR]
//   FILE: a verify page for mark J0072 rendered with public_url
//   https://registry.example.jp (unit_pages leaves one as
//   verify-valid-ja.html when MARK_BADGE_DUMP is set; see verify_page_js.sh).
// Exit 0 when every case shows the expected outcome.
import { createServer } from 'node:http';
import { generateKeyPairSync, sign, createHash } from 'node:crypto';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join, normalize } from 'node:path';
import { tmpdir } from 'node:os';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const pageFile = opt('--page');
const staticDir = opt('--static', new URL('../../static', import.meta.url).pathname);
// GET /api/v1/rules as markd answers it (publish::PublicRulesJson, dumped by unit_publish).
const rulesJson = readFileSync(opt('--rules', ''), 'utf8');
if (!pageFile) { console.error('usage: verify_page_js.mjs --page FILE [--static DIR]'); process.exit(2); }
const page = readFileSync(pageFile);

const b64u = (buf) => Buffer.from(buf).toString('base64url');
function makeKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const kid = b64u(createHash('sha256').update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x: jwk.x })).digest());
  return { privateKey, jwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, use: 'sig', alg: 'EdDSA' } };
}
function jws(key, payload) {
  const h = b64u(JSON.stringify({ alg: 'EdDSA', typ: 'mark+jwt', kid: key.jwk.kid }));
  const p = b64u(JSON.stringify(payload));
  const s = b64u(sign(null, Buffer.from(h + '.' + p), key.privateKey));
  return `${h}.${p}.${s}`;
}
const key = makeKey();
const stranger = makeKey();
const now = Math.floor(Date.now() / 1000);
const payload = (sub) => ({
  iss: 'https://registry.example.jp', sub, jti: 'x', iat: now, nbf: now - 10, exp: now + 86400,
  mark: { number: sub, scheme: 'isp', service: { name: 'さくらネット光', name_en: 'Sakura Net Hikari', domains: [], ssids: [] },
          operator: { name: 'さくらネット株式会社', name_en: 'Sakura Net Co., Ltd.', corporate_number: '1234567890123' } }
});
const good = jws(key, payload('J0072'));
const [gh, gp, gs] = good.split('.');
const tamperedPayload = b64u(JSON.stringify({ ...payload('J0072'), exp: now + 999999 }));
const cases = [
  { name: 'genuine certificate', cert: good, expect: 'sig-verified' },
  { name: 'tampered payload', cert: `${gh}.${tamperedPayload}.${gs}`, expect: 'sig-failed' },
  { name: 'certificate of another mark', cert: jws(key, payload('J0073')), expect: 'sig-failed' },
  { name: 'signed by an unpublished key', cert: jws({ ...stranger, jwk: { ...stranger.jwk, kid: key.jwk.kid } }, payload('J0072')), expect: 'sig-failed' },
  { name: 'garbage', cert: 'not-a-jws', expect: 'sig-failed' },
  // The page expects the registry's issuer (data-iss), whatever URL it is served at.
  { name: 'issued under another issuer', cert: jws(key, { ...payload('J0072'), iss: 'https://copy.example.com' }), expect: 'sig-failed' },
  { name: 'genuine but expired (the status line says so)', cert: jws(key, { ...payload('J0072'), nbf: now - 9000, exp: now - 10 }), expect: 'sig-verified' },
  { name: 'certificate unavailable (404)', cert: null, expect: 'sig-unavailable' },
  // The time of a check is told in the registry's zone, from its rules.
  { name: 'genuine, but the rules unavailable (404)', cert: good, noRules: true, expect: 'sig-unavailable' },
];
let current = cases[0];

const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const send = (status, type, body) => { res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': csp, 'Cache-Control': 'no-store' }); res.end(body); };
  if (url.pathname === '/v/J0072') return send(200, 'text/html; charset=utf-8', page);
  if (url.pathname === '/api/v1/marks/J0072/certificate')
    return current.cert === null ? send(404, 'application/problem+json', '{"status":404}') : send(200, 'application/jwt', current.cert);
  if (url.pathname === '/.well-known/jwks.json') return send(200, 'application/json', JSON.stringify({ keys: [key.jwk] }));
  if (url.pathname === '/api/v1/rules')
    return current.noRules ? send(404, 'application/problem+json', '{"status":404}') : send(200, 'application/json', rulesJson);
  if (url.pathname.startsWith('/static/')) {
    const rel = normalize(url.pathname.slice('/static/'.length));
    if (rel.startsWith('..')) return send(404, 'text/plain', '');
    try {
      const body = readFileSync(join(staticDir, rel));
      return send(200, rel.endsWith('.css') ? 'text/css' : 'text/javascript', body);
    } catch { return send(404, 'text/plain', ''); }
  }
  send(404, 'text/plain', '');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;

// Chromium runs as a child while this process keeps serving.
function dumpDom() {
  return new Promise((resolve, reject) => {
    const profile = mkdtempSync(join(tmpdir(), 'vjs-'));
    execFile('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profile}`, '--virtual-time-budget=5000',
      '--dump-dom', `http://127.0.0.1:${port}/v/J0072`], { maxBuffer: 8 << 20, timeout: 60000 },
      (err, stdout) => {
        rmSync(profile, { recursive: true, force: true });
        err ? reject(err) : resolve(stdout);
      });
  });
}

let failures = 0;
for (const c of cases) {
  current = c;
  const dom = await dumpDom();
  const m = dom.match(/id="sig-result" class="([^"]*)"/);
  const got = m ? m[1] : '(no sig-result)';
  // A failed check turns the top of the page into "could not confirm" (the
  // verdict card hidden); the other outcomes leave the verdict alone.
  const cnc = dom.match(/<section [^>]*id="cnc"[^>]*>/);
  const verdict = dom.match(/<section [^>]*id="verdict"[^>]*>/);
  const cncShown = !!cnc && !/\shidden/.test(cnc[0]) && !!verdict && /\shidden/.test(verdict[0]);
  // A verified check names the time in JST (the rules' offset).
  const said = (dom.match(/id="sig-result"[^>]*>([^<]*)</) || [])[1] || '';
  const jstNow = (ms) => new Date(ms + JSON.parse(rulesJson).time_zone.utc_offset_minutes * 60000).toISOString().slice(11, 16);
  const timeOk = c.expect !== 'sig-verified' || [jstNow(Date.now()), jstNow(Date.now() - 60000)].some((t) => said.includes(t + ' JST'));
  const ok = got.split(' ').includes(c.expect) && cncShown === (c.expect === 'sig-failed') && timeOk;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${c.name}: ${got}${cncShown ? ', could not confirm shown' : ''}`);
  if (!ok) failures++;
}
// The report form is enabled once the script runs.
current = cases[0];
const dom = await dumpDom();
const formOk = /<button type="submit">/.test(dom) && !/<button type="submit" disabled/.test(dom);
console.log(`${formOk ? 'ok  ' : 'FAIL'} report form enabled by verify.js`);
if (!formOk) failures++;
server.close();
process.exit(failures ? 1 : 0);
