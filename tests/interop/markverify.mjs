// The browser's verifier (static/verify.js, MarkVerify) on one certificate,
// from the command line, for integration tests: prints the verdict's
// reason_code and exits 0 when valid, 1 when not, 2 when it cannot run.
//
// usage: node tests/interop/markverify.mjs CERT JWKS [--status-list LIST] [--issuer URL] [--at SECONDS]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const [certFile, jwksFile] = args;
if (!certFile || !jwksFile) { console.error('usage: markverify.mjs CERT JWKS [--status-list LIST] [--issuer URL] [--at SECONDS]'); process.exit(2); }
const MarkVerify = createRequire(import.meta.url)('../../static/verify.js');
const at = opt('--at') ? Number(opt('--at')) : Math.floor(Date.now() / 1000);
const jwks = JSON.parse(readFileSync(jwksFile, 'utf8'));
const options = { issuer: opt('--issuer') || '' };
if (opt('--status-list')) {
  const list = await MarkVerify.verifyStatusList(readFileSync(opt('--status-list'), 'utf8').trim(), jwks, at, options.issuer);
  if (!list.ok) { console.error(`status list not usable: ${list.reason_code}: ${list.reason}`); process.exit(2); }
  options.statusList = list.list;
}
const v = await MarkVerify.verifyCertificate(readFileSync(certFile, 'utf8').trim(), jwks, at, options);
console.log(v.reason_code);
process.exit(v.valid ? 0 : 1);
