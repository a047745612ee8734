#!/usr/bin/env node
// Independent checker of the registry's transparency log, written from the
// specifications alone (RFC 6962 section 2.1 Merkle trees, RFC 9162 sections
// 2.1.3.2 / 2.1.4.2 proof verification, C2SP signed-note and tlog-checkpoint),
// sharing no code with the server. Node.js 20, no dependencies.
//
//   node tlog_check.mjs http://127.0.0.1:PORT     check a running server
//   node tlog_check.mjs --files DIR               check files: key.txt (verifier
//     key), checkpoint.txt (signed note), entries.json ({"entries":[...]}),
//     proofs.json ({"inclusion":[{index,tree_size,audit_path}],
//                   "consistency":[{first,second,consistency}]})
//
// Exit 0 when everything agrees, 1 on any mismatch, 2 on usage or fetch error.
import { createHash, createPublicKey, verify as edVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

class Mismatch extends Error {}
class SetupError extends Error {}

const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const leafHash = (input) => sha256(Buffer.from([0x00]), input);
const nodeHash = (l, r) => sha256(Buffer.from([0x01]), l, r);
const b64 = (buf) => Buffer.from(buf).toString('base64');
const hex = (buf) => Buffer.from(buf).toString('hex');

// Strict standard base64 with padding (RFC 4648 section 4).
function fromB64(text, what) {
  if (typeof text !== 'string' || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    throw new Mismatch(`${what}: not standard base64`);
  }
  const buf = Buffer.from(text, 'base64');
  if (buf.toString('base64') !== text) throw new Mismatch(`${what}: non-canonical base64`);
  return buf;
}
function hashFromB64(text, what) {
  const h = fromB64(text, what);
  if (h.length !== 32) throw new Mismatch(`${what}: not a 32-byte hash`);
  return h;
}

// ---- RFC 6962 2.1: MTH over leaf hashes ----------------------------------
function largestPow2Below(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
function mth(leafHashes, lo = 0, hi = leafHashes.length) {
  const n = hi - lo;
  if (n === 0) return sha256(Buffer.alloc(0));
  if (n === 1) return leafHashes[lo];
  const k = largestPow2Below(n);
  return nodeHash(mth(leafHashes, lo, lo + k), mth(leafHashes, lo + k, hi));
}

// ---- RFC 9162 2.1.3.2: verify an inclusion proof -------------------------
function verifyInclusion(leaf, index, treeSize, path, root) {
  if (index >= treeSize) return 'index is not below tree_size';
  let fn = BigInt(index);
  let sn = BigInt(treeSize) - 1n;
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) return 'audit path too long';
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n; sn >>= 1n;
  }
  if (sn !== 0n) return 'audit path too short';
  if (!r.equals(root)) return `audit path leads to ${hex(r)}, not the root ${hex(root)}`;
  return null;
}

// ---- RFC 9162 2.1.4.2: verify a consistency proof ------------------------
function verifyConsistency(first, second, firstRoot, secondRoot, proof) {
  if (first > second) return 'first is greater than second';
  if (first === second) {
    if (proof.length !== 0) return 'proof between equal sizes must be empty';
    return firstRoot.equals(secondRoot) ? null : 'equal sizes but different roots';
  }
  if (first === 0) return proof.length === 0 ? null : 'proof from the empty tree must be empty';
  if (proof.length === 0) return 'empty proof';
  const path = [...proof];
  const isPow2 = (first & (first - 1)) === 0;
  if (isPow2) path.unshift(firstRoot);
  let fn = BigInt(first) - 1n;
  let sn = BigInt(second) - 1n;
  while ((fn & 1n) === 1n) { fn >>= 1n; sn >>= 1n; }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0n) return 'proof too long';
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n; sn >>= 1n;
  }
  if (sn !== 0n) return 'proof too short';
  if (!fr.equals(firstRoot)) return 'proof does not reproduce the first root';
  if (!sr.equals(secondRoot)) return 'proof does not reproduce the second root';
  return null;
}

// ---- C2SP signed-note ------------------------------------------------------
const EM_DASH_SPACE = '\u2014 ';

function validKeyName(name) {
  return name.length > 0 && !/[\s+]/u.test(name) && !/[\u0000-\u001f\u007f]/.test(name);
}

// "name+hex8+base64(0x01 || 32-byte Ed25519 public key)"
function parseVerifierKey(text) {
  const t = text.trim();
  const i = t.indexOf('+');
  const j = i < 0 ? -1 : t.indexOf('+', i + 1);
  if (i < 0 || j < 0) throw new Mismatch('verifier key: expected name+hash+key');
  const name = t.slice(0, i);
  const idHex = t.slice(i + 1, j);
  if (!validKeyName(name)) throw new Mismatch('verifier key: bad key name');
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new Mismatch('verifier key: key id is not 8 hex digits');
  const raw = fromB64(t.slice(j + 1), 'verifier key');
  if (raw.length !== 33 || raw[0] !== 0x01) throw new Mismatch('verifier key: not an Ed25519 (0x01) key');
  const pub = raw.subarray(1);
  const expectId = sha256(Buffer.from(name, 'utf8'), Buffer.from([0x0a, 0x01]), pub).subarray(0, 4);
  if (hex(expectId) !== idHex) throw new Mismatch(`verifier key: key id ${idHex} should be ${hex(expectId)}`);
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: pub.toString('base64url') }, format: 'jwk' });
  return { name, keyId: expectId, key };
}

// Returns the note text when a signature by `vk` verifies; throws otherwise.
function openNote(noteText, vk) {
  if (/[\u0000-\u0009\u000b-\u001f]/.test(noteText)) throw new Mismatch('note: control characters');
  const bytes = Buffer.from(noteText, 'utf8');
  if (bytes.toString('utf8') !== noteText) throw new Mismatch('note: not UTF-8');
  const split = noteText.lastIndexOf('\n\n');
  if (split < 0) throw new Mismatch('note: no blank line before the signatures');
  const text = noteText.slice(0, split + 1);
  const sigBlock = noteText.slice(split + 2);
  if (!sigBlock.endsWith('\n')) throw new Mismatch('note: signature block does not end in a newline');
  let good = 0;
  for (const line of sigBlock.slice(0, -1).split('\n')) {
    if (!line.startsWith(EM_DASH_SPACE)) throw new Mismatch(`note: bad signature line ${JSON.stringify(line)}`);
    const rest = line.slice(EM_DASH_SPACE.length);
    const sp = rest.indexOf(' ');
    if (sp <= 0) throw new Mismatch('note: signature line lacks a name');
    const name = rest.slice(0, sp);
    const blob = fromB64(rest.slice(sp + 1), 'note signature');
    if (blob.length < 5) throw new Mismatch('note: signature too short');
    if (name !== vk.name || !blob.subarray(0, 4).equals(vk.keyId)) continue; // unknown key: ignore
    if (blob.length !== 68) throw new Mismatch('note: Ed25519 signature is not 64 bytes');
    if (!edVerify(null, Buffer.from(text, 'utf8'), vk.key, blob.subarray(4))) {
      throw new Mismatch(`note: signature by ${name} does not verify`);
    }
    good++;
  }
  if (good === 0) throw new Mismatch(`note: no signature by ${vk.name}`);
  return text;
}

// ---- C2SP tlog-checkpoint --------------------------------------------------
function parseCheckpoint(text) {
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new Mismatch('checkpoint: does not end in a newline');
  if (lines.length < 3) throw new Mismatch('checkpoint: fewer than three lines');
  const [origin, sizeText, rootText, ...ext] = lines;
  if (origin.length === 0) throw new Mismatch('checkpoint: empty origin');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new Mismatch('checkpoint: bad tree size');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw new Mismatch('checkpoint: tree size too large');
  if (ext.some((l) => l.length === 0)) throw new Mismatch('checkpoint: empty extension line');
  return { origin, size, root: hashFromB64(rootText, 'checkpoint root') };
}

// ---- sources: a server or a folder -------------------------------------------
function serverSource(base) {
  const url = (p) => new URL(p, base.endsWith('/') ? base : base + '/').toString();
  async function get(path, kind) {
    let res;
    try {
      res = await fetch(url(path));
    } catch (e) {
      throw new SetupError(`GET ${path}: ${e.message}`);
    }
    const body = await res.text();
    if (!res.ok) throw new Mismatch(`GET ${path}: HTTP ${res.status} ${body.slice(0, 200)}`);
    if (kind === 'json') {
      try { return JSON.parse(body); } catch { throw new Mismatch(`GET ${path}: not JSON`); }
    }
    return body;
  }
  return {
    key: () => get('api/v1/log/key', 'text'),
    checkpoint: () => get('api/v1/log/checkpoint', 'text'),
    async entries(size) {
      const out = [];
      while (out.length < size) {
        const page = await get(`api/v1/log/entries?start=${out.length}&end=${size}`, 'json');
        if (!Array.isArray(page.entries) || page.entries.length === 0) {
          throw new Mismatch(`entries: no entries from ${out.length} (tree size ${size})`);
        }
        out.push(...page.entries);
      }
      return out;
    },
    inclusion: (index, treeSize) => get(`api/v1/log/proof/inclusion?index=${index}&tree_size=${treeSize}`, 'json'),
    consistency: (first, second) => get(`api/v1/log/proof/consistency?first=${first}&second=${second}`, 'json'),
    pick: (size) => samples(size),
  };
}

function fileSource(dir) {
  const read = (name) => {
    try { return readFileSync(join(dir, name), 'utf8'); } catch (e) { throw new SetupError(`${name}: ${e.message}`); }
  };
  const json = (name) => {
    try { return JSON.parse(read(name)); } catch (e) { if (e instanceof SetupError) throw e; throw new Mismatch(`${name}: not JSON`); }
  };
  const proofs = json('proofs.json');
  return {
    key: async () => read('key.txt'),
    checkpoint: async () => read('checkpoint.txt'),
    entries: async () => json('entries.json').entries,
    inclusion: async (index, treeSize) => {
      const p = (proofs.inclusion || []).find((x) => x.index === index && x.tree_size === treeSize);
      if (!p) throw new Mismatch(`proofs.json: no inclusion proof for ${index} in ${treeSize}`);
      return p;
    },
    consistency: async (first, second) => {
      const p = (proofs.consistency || []).find((x) => x.first === first && x.second === second);
      if (!p) throw new Mismatch(`proofs.json: no consistency proof ${first} -> ${second}`);
      return p;
    },
    // Check every proof the file holds.
    pick: () => ({
      inclusion: (proofs.inclusion || []).map((p) => [p.index, p.tree_size]),
      consistency: (proofs.consistency || []).map((p) => [p.first, p.second]),
    }),
  };
}

// A few indices: the ends, the middle, powers of two.
function samples(size) {
  const inc = new Set();
  const con = new Set();
  if (size > 0) {
    for (const i of [0, 1, Math.floor(size / 2), size - 2, size - 1]) if (i >= 0 && i < size) inc.add(i);
    for (const m of [0, 1, 2, 3, Math.floor(size / 2), size - 1, size]) if (m >= 0 && m <= size) con.add(m);
    for (let p = 4; p < size; p *= 4) { inc.add(p); con.add(p); }
  }
  return {
    inclusion: [...inc].map((i) => [i, size]),
    consistency: [...con].map((m) => [m, size]),
  };
}

function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

// ---- the check ------------------------------------------------------------------
async function check(src) {
  const notes = [];
  const vk = parseVerifierKey(await src.key());
  const body = openNote(await src.checkpoint(), vk);
  const cp = parseCheckpoint(body);
  if (cp.origin !== vk.name) throw new Mismatch(`checkpoint origin ${cp.origin} is not the key name ${vk.name}`);
  notes.push(`checkpoint signed by ${vk.name}+${hex(vk.keyId)}: size ${cp.size}, root ${b64(cp.root)}`);

  const entries = await src.entries(cp.size);
  if (entries.length < cp.size) throw new Mismatch(`entries: ${entries.length} of ${cp.size}`);
  const leaves = [];
  for (let i = 0; i < cp.size; i++) {
    const e = entries[i];
    if (!e || e.index !== i) throw new Mismatch(`entries: position ${i} holds index ${e && e.index}`);
    const input = fromB64(e.leaf_input, `entry ${i} leaf_input`);
    if ('entry' in e) {
      let parsed;
      try { parsed = JSON.parse(input.toString('utf8')); } catch { throw new Mismatch(`entry ${i}: leaf_input is not JSON`); }
      if (!deepEqual(parsed, e.entry)) throw new Mismatch(`entry ${i}: "entry" differs from the event in leaf_input`);
    }
    leaves.push(leafHash(input));
  }
  const root = mth(leaves);
  if (!root.equals(cp.root)) {
    throw new Mismatch(`root recomputed from ${cp.size} entries is ${b64(root)}, checkpoint says ${b64(cp.root)}`);
  }
  notes.push(`root recomputed from ${cp.size} entries matches`);

  const pick = src.pick(cp.size);
  let nInc = 0;
  for (const [index, treeSize] of pick.inclusion) {
    if (treeSize > cp.size) throw new Mismatch(`inclusion proof for tree size ${treeSize} beyond the checkpoint`);
    const p = await src.inclusion(index, treeSize);
    if (p.index !== index || p.tree_size !== treeSize || !Array.isArray(p.audit_path)) {
      throw new Mismatch(`inclusion ${index}/${treeSize}: answer names other sizes or lacks audit_path`);
    }
    const path = p.audit_path.map((h, k) => hashFromB64(h, `inclusion ${index} audit_path[${k}]`));
    const treeRoot = mth(leaves, 0, treeSize);
    const why = verifyInclusion(leaves[index], index, treeSize, path, treeRoot);
    if (why) throw new Mismatch(`inclusion of ${index} in ${treeSize}: ${why}`);
    // The verifier must not be vacuous: a flipped node has to fail.
    if (path.length > 0) {
      const bad = path.map((h) => Buffer.from(h));
      bad[0][0] ^= 1;
      if (!verifyInclusion(leaves[index], index, treeSize, bad, treeRoot)) {
        throw new Mismatch(`inclusion of ${index}: a tampered proof verified`);
      }
    }
    nInc++;
  }
  let nCon = 0;
  for (const [first, second] of pick.consistency) {
    if (second > cp.size) throw new Mismatch(`consistency proof to ${second} beyond the checkpoint`);
    const p = await src.consistency(first, second);
    if (p.first !== first || p.second !== second || !Array.isArray(p.consistency)) {
      throw new Mismatch(`consistency ${first}->${second}: answer names other sizes or lacks consistency`);
    }
    const proof = p.consistency.map((h, k) => hashFromB64(h, `consistency ${first} [${k}]`));
    const why = verifyConsistency(first, second, mth(leaves, 0, first), mth(leaves, 0, second), proof);
    if (why) throw new Mismatch(`consistency ${first} -> ${second}: ${why}`);
    if (proof.length > 0) {
      const bad = proof.map((h) => Buffer.from(h));
      bad[bad.length - 1][0] ^= 1;
      if (!verifyConsistency(first, second, mth(leaves, 0, first), mth(leaves, 0, second), bad)) {
        throw new Mismatch(`consistency ${first} -> ${second}: a tampered proof verified`);
      }
    }
    nCon++;
  }
  notes.push(`${nInc} inclusion proofs and ${nCon} consistency proofs verify`);
  return notes;
}

async function main(argv) {
  const files = argv.length === 2 && argv[0] === '--files';
  if (!files && !(argv.length === 1 && /^https?:\/\//.test(argv[0]))) {
    process.stderr.write('usage: node tlog_check.mjs http://HOST:PORT | --files DIR\n');
    return 2;
  }
  try {
    const src = files ? fileSource(argv[1]) : serverSource(argv[0]);
    const notes = await check(src);
    for (const n of notes) process.stdout.write(`ok: ${n}\n`);
    process.stdout.write('tlog_check: OK\n');
    return 0;
  } catch (e) {
    if (e instanceof Mismatch) {
      process.stdout.write(`MISMATCH: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`tlog_check: ${e instanceof SetupError ? e.message : e.stack}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
