#!/usr/bin/env node
// Independent check of an Anshin Mark certificate with nothing of ours:
// Node's built-in crypto (OpenSSL) verifies the Ed25519 JWS against the JWKS.
//   node verify_jws.mjs CERT_FILE JWKS_FILE [--at RFC3339]
// Prints "ok" and exits 0, or prints why and exits 1.
import { readFileSync } from 'node:fs';
import { createHash, createPublicKey, verify } from 'node:crypto';

function fail(why) {
  console.log(`fail: ${why}`);
  process.exit(1);
}

const args = process.argv.slice(2);
if (args.length < 2) {
  console.error('usage: node verify_jws.mjs CERT_FILE JWKS_FILE [--at RFC3339]');
  process.exit(2);
}
const jws = readFileSync(args[0], 'utf8').trim();
const jwks = JSON.parse(readFileSync(args[1], 'utf8'));
let at = null;
if (args[2] === '--at' && args[3]) at = Date.parse(args[3]) / 1000;

const parts = jws.split('.');
if (parts.length !== 3) fail('not three parts');
const b64url = /^[A-Za-z0-9_-]+$/;
if (!parts.every((p) => b64url.test(p))) fail('not base64url');
const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));

if (header.alg !== 'EdDSA') fail(`alg ${header.alg}`);
if (header.typ !== 'mark+jwt') fail(`typ ${header.typ}`);
if (typeof header.kid !== 'string') fail('no kid');
const jwk = (jwks.keys || []).find((k) => k.kid === header.kid);
if (!jwk) fail(`kid ${header.kid} not in JWKS`);
if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') fail('JWK is not Ed25519');

// RFC 7638 thumbprint, computed here independently.
const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
const thumb = createHash('sha256').update(canonical).digest('base64url');
if (thumb !== header.kid) fail(`kid is not the key's RFC 7638 thumbprint (${thumb})`);

const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
const data = Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii');
const sig = Buffer.from(parts[2], 'base64url');
if (!verify(null, data, key, sig)) fail('bad signature');

for (const c of ['iss', 'sub', 'jti']) if (typeof payload[c] !== 'string') fail(`claim ${c}`);
for (const c of ['iat', 'nbf', 'exp']) if (!Number.isInteger(payload[c])) fail(`claim ${c}`);
if (typeof payload.mark !== 'object' || payload.mark === null) fail('claim mark');
if (at !== null) {
  if (at < payload.nbf) fail('not yet valid');
  if (at >= payload.exp) fail('expired');
}
console.log('ok');
