// The static registry search page (markctl export): fetches the signed index
// (index.jws) and the registry's keys, checks the index's Ed25519 signature
// and freshness in the browser (WebCrypto), then searches it locally. Nothing
// is shown from an index that fails its check. No innerHTML: results are
// built from text nodes.
(function () {
  'use strict';
  function b64urlToBytes(s) {
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    var bin = atob(s);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function b64urlToJson(s) {
    return JSON.parse(new TextDecoder().decode(b64urlToBytes(s)));
  }
  var STATUS = {
    valid: '有効 / valid', not_yet_valid: '開始前 / not yet valid', expired: '期限切れ / expired',
    suspended: '一時停止 / suspended', revoked: '取消 / revoked', returned: '返上 / returned'
  };

  async function loadIndex() {
    var r = await Promise.all([fetch('/index.jws', { cache: 'no-cache', credentials: 'omit' }),
                               fetch('/.well-known/jwks.json', { cache: 'no-cache', credentials: 'omit' })]);
    if (!r[0].ok || !r[1].ok) throw new Error('the index or the keys could not be fetched');
    var jws = (await r[0].text()).trim();
    var jwks = await r[1].json();
    var parts = jws.split('.');
    if (parts.length !== 3) throw new Error('the index is not a signed document');
    var header = b64urlToJson(parts[0]);
    if (header.alg !== 'EdDSA' || header.typ !== 'mark-index+jwt') throw new Error('unexpected index type');
    var jwk = (jwks.keys || []).find(function (k) { return k.kid === header.kid && k.crv === 'Ed25519'; });
    if (!jwk) throw new Error('the index is signed by a key the registry does not publish');
    var key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x, ext: true },
                                            { name: 'Ed25519' }, false, ['verify']);
    var ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, b64urlToBytes(parts[2]),
                                        new TextEncoder().encode(parts[0] + '.' + parts[1]));
    if (!ok) throw new Error('the index signature does not verify');
    var payload = b64urlToJson(parts[1]);
    return payload;
  }

  function matches(m, q) {
    if (!q) return false;
    if (m.number.toLowerCase() === q) return true;
    var fields = [m.name, m.name_en, m.operator, m.operator_en, m.number];
    for (var i = 0; i < fields.length; i++) if (fields[i] && fields[i].toLowerCase().indexOf(q) >= 0) return true;
    for (var d = 0; d < m.domains.length; d++) {
      var dom = m.domains[d];
      if (q === dom || q.endsWith('.' + dom)) return true;
    }
    return m.ssids.indexOf(q) >= 0 || m.ssids.some(function (s) { return s.toLowerCase() === q; });
  }

  function show(index, q) {
    var list = document.getElementById('results');
    while (list.firstChild) list.removeChild(list.firstChild);
    q = q.trim().toLowerCase();
    var shown = 0;
    for (var i = 0; i < index.marks.length && shown < 50; i++) {
      var m = index.marks[i];
      if (!matches(m, q)) continue;
      shown++;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '/v/' + encodeURIComponent(m.number);
      a.textContent = m.number + ' ' + m.name;
      li.appendChild(a);
      li.appendChild(document.createTextNode(' — ' + m.operator + ' — ' + (STATUS[m.status] || m.status) +
                                             ' (' + m.valid_from + ' – ' + m.valid_until + ')'));
      list.appendChild(li);
    }
    if (q && shown === 0) {
      var none = document.createElement('li');
      none.textContent = '該当する登録はありません / No registered mark matches.';
      list.appendChild(none);
    }
  }

  function start() {
    var state = document.getElementById('index-state');
    var form = document.getElementById('search');
    var input = document.getElementById('q');
    loadIndex().then(function (index) {
      var now = Date.now() / 1000;
      var when = new Date(index.iat * 1000).toISOString();
      state.textContent = (index.next_update < now
        ? '注意: この索引は更新予定を過ぎています (古い可能性があります) / Warning: this index is past its next update. '
        : '署名を確認しました / Signature verified. ') + index.count + ' marks, ' + when;
      form.addEventListener('submit', function (ev) { ev.preventDefault(); show(index, input.value); });
      var q = new URLSearchParams(location.search).get('q');
      if (q) { input.value = q; show(index, q); }
    }, function (e) {
      state.textContent = '索引を確認できません / The index could not be checked: ' + e.message;
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
