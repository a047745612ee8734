// The public pages' only script (served from /static/verify.js; the pages
// have no inline script, so CSP script-src 'self' holds).
//  0. MarkVerify: the browser's copy of the one verifier
//     (server/core/crypto/verifier.h), rule for rule and reason code for
//     reason code, with WebCrypto Ed25519. tests/fixtures/verdicts.json holds
//     the verdicts it must reach, as the C++ verifier and markctl verify do
//     (tests/interop/verdicts.mjs runs it in Node and in Chromium). The
//     static search page (search.js) checks its signed index with it too.
//     In Node, require() gives the same object.
//  1. Verification page: checks the mark's certificate in the browser
//     against the registry's JWKS and its issuer (the registry's stored one,
//     data-iss, never this page's URL) and reports one of three honest
//     outcomes as a quiet line in the verdict card: checked (with the time,
//     JST), or could not check (grey). It never says "valid": the status
//     shown comes from the server-rendered registry data. When the
//     certificate does not hold, or the page is not at the registry's
//     official address (data-origin), the page's top turns into "could not
//     confirm" (#cnc takes the verdict card's place).
//  2. Misuse report form: sends JSON to the reports API (the API takes JSON
//     only, so the form's button stays disabled without JavaScript).
//  3. Embed kit: the copy button for the snippet.
(function (root) {
  'use strict';

  // ---- MarkVerify ---------------------------------------------------------

  var MAX_JWS_BYTES = 16 * 1024;                 // crypto/jws.h kMaxJwsBytes
  var MAX_STATUS_LIST_BYTES = 32 * 1024 * 1024;  // kMaxStatusListJwsBytes
  var STATUS_CLOCK_SKEW = 5 * 60;                // kStatusClockSkew, seconds
  var MAX_NUMERIC_DATE = 253402300799;           // 9999-12-31T23:59:59Z

  // Thrown when this browser cannot check at all (no WebCrypto Ed25519):
  // "could not check", never "failed".
  function Unavailable(why) { this.why = why; }

  var B64URL = /^[A-Za-z0-9_-]*$/;

  function b64urlToBytes(s) {
    if (typeof s !== 'string' || !B64URL.test(s) || s.length % 4 === 1) throw new Error('bad base64url');
    var b64 = s.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) b64 += '=';
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function bytesToB64url(bytes) {
    var bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // Only the one canonical encoding of the bytes is accepted (no stray
  // trailing bits), as libsodium decodes for the C++ verifier.
  function canonicalBytes(s) {
    var bytes = b64urlToBytes(s);
    if (bytesToB64url(bytes) !== s) throw new Error('not canonical base64url');
    return bytes;
  }

  function jsonObject(bytes) {
    var v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
    return v;
  }

  function fail(code, reason, extra) {
    var v = { valid: false, reason_code: code, reason: reason, payload: null, kid: '' };
    if (extra) { v.payload = extra.payload || null; v.kid = extra.kid || ''; }
    return v;
  }

  function isString(v) { return typeof v === 'string'; }

  // A NumericDate as the C++ verifier reads one: an integer in range.
  function numericDate(v) {
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_NUMERIC_DATE ? v : null;
  }

  function iso(seconds) { return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z'); }

  // RFC 7515 section 4.1.9: typ compares case-insensitively and may omit
  // the "application/" prefix.
  function typMatches(got, want) {
    var g = got.toLowerCase();
    if (g.indexOf('application/') === 0 && g.indexOf('/', 12) < 0) g = g.slice(12);
    return g === want.toLowerCase();
  }

  function textBytes(s) { return new TextEncoder().encode(s).length; }

  // Size, structure, alg, typ, kid and signature, in the C++ order
  // (verifier.cpp CheckSignedJws). Resolves to {ok: true, header, payload,
  // kid} or to a failed verdict; rejects with Unavailable.
  async function checkSignedJws(jws, jwks, typ, maxBytes) {
    if (typeof jws !== 'string') return fail('malformed', 'malformed JWS: not text');
    if (textBytes(jws) > maxBytes) return fail('too_large', 'JWS is over the limit of ' + maxBytes + ' bytes');
    var parts = jws.split('.');
    if (parts.length !== 3) return fail('malformed', 'malformed JWS: not three dot-separated parts');
    var header, payload, signature;
    try {
      if (!parts[0] || !parts[1]) throw new Error('empty part');
      header = jsonObject(canonicalBytes(parts[0]));
      payload = jsonObject(canonicalBytes(parts[1]));
      signature = parts[2] ? canonicalBytes(parts[2]) : new Uint8Array(0);
    } catch (e) {
      return fail('malformed', 'malformed JWS: ' + e.message);
    }
    if ('crit' in header) return fail('malformed', 'malformed JWS: no extensions are supported', { payload: payload });
    var kid = isString(header.kid) ? header.kid : '';
    var seen = { payload: payload, kid: kid };
    if (!('alg' in header) || !isString(header.alg)) return fail('bad_alg', 'header has no alg', seen);
    if (header.alg !== 'EdDSA') return fail('bad_alg', 'alg "' + header.alg + '" is not accepted (only EdDSA)', seen);
    if (!isString(header.typ)) return fail('bad_typ', 'header has no typ (expected ' + typ + ')', seen);
    if (!typMatches(header.typ, typ)) return fail('bad_typ', 'typ "' + header.typ + '" is not ' + typ, seen);
    if (!('kid' in header)) return fail('unknown_key', 'header has no kid', seen);
    if (!kid) return fail('unknown_key', 'header kid is not a non-empty string', seen);
    var keys = (jwks && Array.isArray(jwks.keys)) ? jwks.keys : [];
    var jwk = keys.find(function (k) {
      return k && k.kid === kid && k.kty === 'OKP' && k.crv === 'Ed25519' && isString(k.x) && !('d' in k) &&
             (k.use === undefined || k.use === 'sig') && (k.alg === undefined || k.alg === 'EdDSA');
    });
    if (!jwk) return fail('unknown_key', 'key ' + kid + ' is not in the JWKS (unknown or retired)', seen);
    if (typeof crypto === 'undefined' || !crypto.subtle) throw new Unavailable('no WebCrypto');
    var key;
    try {
      key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x, ext: true },
        { name: 'Ed25519' }, false, ['verify']);
    } catch (e) {
      throw new Unavailable('no Ed25519 in this WebCrypto');
    }
    var ok = false;
    if (signature.length === 64) {
      try {
        ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, signature,
          new TextEncoder().encode(parts[0] + '.' + parts[1]));
      } catch (e) {
        ok = false;
      }
    }
    if (!ok) return fail('bad_signature', 'signature does not verify with key ' + kid + ' (altered or forged)', seen);
    return { ok: true, header: header, payload: payload, kid: kid };
  }

  // A status list (typ mark-status-list+jwt) as VerifyStatusList reads it:
  // resolves to {ok: true, list} or {ok: false, reason_code, reason}.
  async function verifyStatusList(jws, jwks, at, issuer) {
    var s = await checkSignedJws(jws, jwks, 'mark-status-list+jwt', MAX_STATUS_LIST_BYTES);
    if (!s.ok) return s;
    var p = s.payload;
    var iat = numericDate(p.iat), exp = numericDate(p.exp);
    if (!isString(p.iss)) return fail('bad_claims', 'claim iss missing');
    if (iat === null) return fail('bad_claims', 'claim iat missing or not a NumericDate');
    if (exp === null) return fail('bad_claims', 'claim exp missing or not a NumericDate');
    if (at < iat - STATUS_CLOCK_SKEW) return fail('not_yet_valid', 'status list is issued in the future');
    if (at >= exp) return fail('expired', 'status list expired at ' + iso(exp));
    if (issuer && p.iss !== issuer) return fail('wrong_issuer', 'status list is issued by "' + p.iss + '", not by ' + issuer);
    var list = { iss: p.iss, iat: iat, exp: exp, entries: {}, current: {} };
    if (!Array.isArray(p.entries)) return fail('bad_claims', 'status list entries missing or not an array');
    for (var i = 0; i < p.entries.length; i++) {
      var e = p.entries[i];
      var changed = e && numericDate(e.changed_at);
      if (!e || typeof e !== 'object' || !isString(e.number) || !e.number ||
          (e.status !== 'suspended' && e.status !== 'revoked') || changed === null ||
          Object.prototype.hasOwnProperty.call(list.entries, e.number))
        return fail('bad_claims', 'status list entries[' + i + '] is malformed');
      list.entries[e.number] = { status: e.status, changed_at: changed, reason_code: isString(e.reason_code) ? e.reason_code : '' };
    }
    if ('current' in p) {
      var c = p.current;
      if (c === null || typeof c !== 'object' || Array.isArray(c)) return fail('bad_claims', 'status list current is not an object');
      for (var number in c) {
        if (!Object.prototype.hasOwnProperty.call(c, number)) continue;
        var v = c[number];
        var when = Array.isArray(v) && v.length === 2 ? numericDate(v[1]) : null;
        if (!number || !Array.isArray(v) || v.length !== 2 || !isString(v[0]) || !v[0] || when === null)
          return fail('bad_claims', 'status list current.' + number + ' must be [jti, iat]');
        list.current[number] = { jti: v[0], iat: when };
      }
    }
    return { ok: true, list: list };
  }

  // VerifyCertificate (verifier.h): resolves to {valid, reason_code, reason,
  // payload, kid}. `at` in seconds; options: {statusList (from
  // verifyStatusList), issuer}. Rejects with Unavailable only.
  async function verifyCertificate(jws, jwks, at, options) {
    options = options || {};
    var s = await checkSignedJws(jws, jwks, 'mark+jwt', MAX_JWS_BYTES);
    if (!s.ok) return s;
    var p = s.payload, seen = { payload: p, kid: s.kid };
    var iat = numericDate(p.iat), nbf = numericDate(p.nbf), exp = numericDate(p.exp);
    if (!isString(p.iss)) return fail('bad_claims', 'claim iss missing', seen);
    if (!isString(p.sub) || !p.sub) return fail('bad_claims', 'claim sub missing', seen);
    if (!isString(p.jti)) return fail('bad_claims', 'claim jti missing', seen);
    if (iat === null) return fail('bad_claims', 'claim iat missing or not a NumericDate', seen);
    if (nbf === null) return fail('bad_claims', 'claim nbf missing or not a NumericDate', seen);
    if (exp === null) return fail('bad_claims', 'claim exp missing or not a NumericDate', seen);
    var mark = p.mark;
    if (mark === null || typeof mark !== 'object' || Array.isArray(mark))
      return fail('bad_claims', 'claim mark missing or not an object', seen);
    if (isString(mark.number) && mark.number !== p.sub) return fail('bad_claims', 'mark.number differs from sub', seen);
    if (at < nbf) return fail('not_yet_valid', 'certificate for ' + p.sub + ' is not valid before ' + iso(nbf), seen);
    if (at >= exp) return fail('expired', 'certificate for ' + p.sub + ' expired at ' + iso(exp), seen);
    var list = options.statusList;
    if (list) {
      var e = Object.prototype.hasOwnProperty.call(list.entries, p.sub) ? list.entries[p.sub] : null;
      if (e) return fail(e.status, 'mark ' + p.sub + ' was ' + e.status + ' at ' + iso(e.changed_at) +
                         (e.reason_code ? ' (' + e.reason_code + ')' : ''), seen);
      var cur = Object.prototype.hasOwnProperty.call(list.current, p.sub) ? list.current[p.sub] : null;
      if (cur && cur.jti !== p.jti && iat < cur.iat)
        return fail('superseded', 'certificate for ' + p.sub + ' is superseded by a newer certificate (issued ' +
                    iso(cur.iat) + ')', seen);
    }
    if (options.issuer && p.iss !== options.issuer)
      return fail('wrong_issuer', 'certificate for ' + p.sub + ' is issued by "' + p.iss +
                  '", not by this registry (' + options.issuer + ')', seen);
    return { valid: true, reason_code: 'valid', reason: 'certificate for ' + p.sub + ' is valid until ' + iso(exp) +
             ' (key ' + s.kid + ')', payload: p, kid: s.kid };
  }

  var MarkVerify = {
    checkSignedJws: checkSignedJws,
    verifyStatusList: verifyStatusList,
    verifyCertificate: verifyCertificate,
    Unavailable: Unavailable,
    MAX_JWS_BYTES: MAX_JWS_BYTES,
    b64urlToBytes: b64urlToBytes
  };
  root.MarkVerify = MarkVerify;
  if (typeof module === 'object' && module && module.exports) module.exports = MarkVerify;
  if (typeof document === 'undefined') return;

  // ---- The pages ----------------------------------------------------------

  document.documentElement.classList.add('js');

  // Verdicts that say the signature, claims and issuer hold: the status line
  // above (from the registry) tells the rest, so an expired mark's genuine
  // certificate still reads "verified".
  var SIGNATURE_HELD = { valid: true, expired: true, not_yet_valid: true };

  // Outcome of the check: 'verified' | 'failed' | 'unavailable'. A problem
  // with the certificate itself is 'failed'; anything that stopped us from
  // checking (network, missing browser support) is 'unavailable'.
  async function checkCertificate(box) {
    var number = box.dataset.number;
    var expectedIss = box.dataset.iss || '';
    if (!window.crypto || !crypto.subtle || typeof TextEncoder === 'undefined') return 'unavailable';

    var responses;
    try {
      responses = await Promise.all([
        fetch(box.dataset.certUrl, { cache: 'no-store', credentials: 'omit' }),
        fetch(box.dataset.jwksUrl, { cache: 'no-cache', credentials: 'omit' })
      ]);
    } catch (e) {
      return 'unavailable';
    }
    var certResp = responses[0], jwksResp = responses[1];
    if (!certResp.ok || !jwksResp.ok) return 'unavailable';

    var jws, jwks;
    try {
      jws = (await certResp.text()).trim();
      jwks = await jwksResp.json();
    } catch (e) {
      return 'unavailable';
    }

    var v;
    try {
      v = await verifyCertificate(jws, jwks, Math.floor(Date.now() / 1000), { issuer: expectedIss });
    } catch (e) {
      return 'unavailable';  // this browser has no Ed25519 in WebCrypto
    }
    if (!SIGNATURE_HELD[v.reason_code]) return 'failed';
    // Genuine, and it must also be about this mark, from this registry (an
    // expired certificate stops before the verifier compares the issuer).
    var p = v.payload;
    if (p.sub !== number) return 'failed';
    if (p.mark && p.mark.number !== undefined && p.mark.number !== number) return 'failed';
    if (expectedIss && p.iss !== expectedIss) return 'failed';
    return 'verified';
  }

  // The registry's rules (GET /api/v1/rules; a snapshot holds the same file
  // at that path): here, its time zone's offset.
  function loadRules() {
    return fetch('/api/v1/rules', { cache: 'no-cache', credentials: 'omit' }).then(function (r) {
      if (!r.ok) throw new Error('rules: HTTP ' + r.status);
      return r.json();
    });
  }

  // "21:04 JST": Japan has one zone without daylight saving, so the offset
  // is exact whatever zone this browser is set to.
  function jstTime(date, rules) {
    var jst = new Date(date.getTime() + rules.time_zone.utc_offset_minutes * 60 * 1000);
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    return pad(jst.getUTCHours()) + ':' + pad(jst.getUTCMinutes()) + ' JST';
  }

  // The page is not what the registry says: "could not confirm" in the
  // verdict card's place, and the card (with any green) gone.
  function couldNotConfirm(offsite) {
    var cnc = document.getElementById('cnc');
    var verdict = document.getElementById('verdict');
    if (!cnc) return;
    if (offsite && cnc.dataset.msgOffsite) document.getElementById('cnc-text').textContent = cnc.dataset.msgOffsite;
    cnc.hidden = false;
    if (verdict) verdict.hidden = true;
    document.documentElement.classList.add('not-confirmed');
    var heading = document.getElementById('cnc-h');
    if (heading) document.title = heading.textContent;
  }

  function offOfficialAddress(box) {
    var official = box.dataset.origin;
    if (!official || (location.protocol !== 'https:' && location.protocol !== 'http:')) return false;
    try {
      return new URL(official).origin !== location.origin;
    } catch (e) {
      return false;
    }
  }

  function setupSignature() {
    var box = document.getElementById('sig');
    var out = document.getElementById('sig-result');
    if (!box || !out) return;
    var message = function (state) { return box.dataset['msg' + state.charAt(0).toUpperCase() + state.slice(1)] || state; };
    function show(state, rules) {
      out.className = 'sig sig-' + state;
      var msg = message(state);
      if (rules) msg = msg.replace('{time}', jstTime(new Date(), rules));
      out.textContent = msg;
      if (state === 'failed') couldNotConfirm(false);
    }
    if (offOfficialAddress(box)) couldNotConfirm(true);
    show('checking');
    var rules = loadRules();
    rules.catch(function () {});
    // An outcome that tells the time of the check waits for the rules;
    // without them it is "could not check", as for anything else that
    // stopped the check.
    checkCertificate(box).then(function (state) {
      if (message(state).indexOf('{time}') < 0) return show(state);
      return rules.then(function (r) { show(state, r); }, function () { show('unavailable'); });
    }, function () { show('unavailable'); });
  }

  function setupReport() {
    var form = document.getElementById('report-form');
    if (!form) return;
    var button = form.querySelector('button[type=submit]');
    var result = document.getElementById('report-result');
    if (button) button.disabled = false;
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      var what = form.elements.what.value.trim();
      if (!what) { form.elements.what.focus(); return; }
      var body = {
        number: form.elements.number.value,
        seen_at: form.elements.seen_at.value.trim(),
        what: what
      };
      button.disabled = true;
      var msg;
      try {
        var r = await fetch(form.dataset.endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          credentials: 'omit',
          body: JSON.stringify(body)
        });
        if (r.ok) {
          msg = form.dataset.msgSent;
          form.elements.what.value = '';
        } else if (r.status === 429) {
          msg = form.dataset.msgRate;
        } else {
          msg = form.dataset.msgFailed;
        }
      } catch (e) {
        msg = form.dataset.msgFailed;
      }
      result.textContent = msg;
      button.disabled = false;
    });
  }

  function setupCopy() {
    document.querySelectorAll('button[data-copy]').forEach(function (btn) {
      btn.addEventListener('click', async function () {
        var src = document.getElementById(btn.dataset.copy);
        // Each snippet's button has its status beside it.
        var status = btn.parentNode.querySelector('[role=status]');
        if (!src) return;
        try {
          await navigator.clipboard.writeText(src.value);
        } catch (e) {
          src.focus();
          src.select();
          return;
        }
        if (status) status.textContent = btn.dataset.msgCopied || '';
      });
    });
  }

  function start() {
    setupSignature();
    setupReport();
    setupCopy();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(typeof globalThis !== 'undefined' ? globalThis : this);
