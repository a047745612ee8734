// The public pages' only script (served from /static/verify.js; the pages
// have no inline script, so CSP script-src 'self' holds).
//  1. Verification page: checks the mark's certificate in the browser with
//     WebCrypto Ed25519 against the registry's JWKS and reports one of three
//     honest outcomes: verified, failed, or could not check. It never says
//     "valid": the status shown comes from the server-rendered registry data.
//  2. Misuse report form: sends JSON to the reports API (the API takes JSON
//     only, so the form's button stays disabled without JavaScript).
//  3. Embed kit: the copy button for the snippet.
'use strict';

document.documentElement.classList.add('js');

(function () {
  function b64urlToBytes(s) {
    if (typeof s !== 'string' || !/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('bad base64url');
    var b64 = s.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) b64 += '=';
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function b64urlToJson(s) {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(b64urlToBytes(s)));
  }

  // Outcome of the check: 'verified' | 'failed' | 'unavailable'. A problem
  // with the certificate itself is 'failed'; anything that stopped us from
  // checking (network, missing browser support) is 'unavailable'.
  function Failed(why) { this.why = why; }

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

    try {
      var parts = jws.split('.');
      if (parts.length !== 3) throw new Failed('not a compact JWS');
      var header = b64urlToJson(parts[0]);
      var payload = b64urlToJson(parts[1]);
      if (!header || header.alg !== 'EdDSA') throw new Failed('unexpected alg');
      var keys = (jwks && Array.isArray(jwks.keys)) ? jwks.keys : [];
      var jwk = keys.find(function (k) {
        return k && k.kid === header.kid && k.kty === 'OKP' && k.crv === 'Ed25519' && typeof k.x === 'string';
      });
      if (!jwk) throw new Failed('signed by a key the registry does not publish');

      var key;
      try {
        key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x, ext: true },
          { name: 'Ed25519' }, false, ['verify']);
      } catch (e) {
        return 'unavailable';  // this browser has no Ed25519 in WebCrypto
      }
      var signed = new TextEncoder().encode(parts[0] + '.' + parts[1]);
      var ok;
      try {
        ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, b64urlToBytes(parts[2]), signed);
      } catch (e) {
        return 'unavailable';
      }
      if (!ok) throw new Failed('bad signature');
      // The signature is good; it must also be about this mark.
      if (!payload || payload.sub !== number) throw new Failed('certificate is for another mark');
      if (payload.mark && payload.mark.number !== undefined && payload.mark.number !== number)
        throw new Failed('certificate is for another mark');
      if (expectedIss && payload.iss !== expectedIss) throw new Failed('issued by someone else');
      return 'verified';
    } catch (e) {
      // A Failed rule, or an undecodable header/payload/signature: either
      // way the certificate served is not a genuine one for this mark.
      return 'failed';
    }
  }

  function setupSignature() {
    var box = document.getElementById('sig');
    var out = document.getElementById('sig-result');
    if (!box || !out) return;
    function show(state) {
      out.className = 'sig sig-' + state;
      out.textContent = box.dataset['msg' + state.charAt(0).toUpperCase() + state.slice(1)] || state;
    }
    show('checking');
    checkCertificate(box).then(show, function () { show('unavailable'); });
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
        var status = document.getElementById('copy-result');
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
})();
