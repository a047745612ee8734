// The static registry search page (markctl export): fetches the signed index
// (index.jws) and the registry's keys, checks the index's Ed25519 signature
// and freshness in the browser with the pages' one verifier (MarkVerify in
// verify.js, loaded first), then searches it locally. Nothing is shown from
// an index that fails its check. No innerHTML: results are built from text
// nodes.
(function () {
  'use strict';
  // The index names every mark: far larger than a certificate.
  var MAX_INDEX_BYTES = 256 * 1024 * 1024;
  async function loadIndex() {
    if (!window.MarkVerify) throw new Error('the verifier (verify.js) did not load');
    var r = await Promise.all([fetch('/index.jws', { cache: 'no-cache', credentials: 'omit' }),
                               fetch('/.well-known/jwks.json', { cache: 'no-cache', credentials: 'omit' }),
                               fetch('/api/v1/rules', { cache: 'no-cache', credentials: 'omit' })]);
    if (!r[0].ok || !r[1].ok || !r[2].ok) throw new Error('the index, the keys or the rules could not be fetched');
    var jws = (await r[0].text()).trim();
    var jwks = await r[1].json();
    rules = await r[2].json();
    var checked;
    try {
      checked = await MarkVerify.checkSignedJws(jws, jwks, 'mark-index+jwt', MAX_INDEX_BYTES);
    } catch (e) {
      throw new Error('this browser cannot check Ed25519 signatures');
    }
    if (!checked.ok) throw new Error('the index does not check (' + checked.reason_code + '): ' + checked.reason);
    return checked.payload;
  }

  // The registry's rules (the snapshot's copy of GET /api/v1/rules): here,
  // the words of each status.
  var rules = null;
  function statusWords(status) {
    var s = rules.statuses[status];
    return s ? s.words.ja + ' / ' + s.words.en : status;
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
      a.href = m.verify;
      a.textContent = m.number + ' ' + m.name;
      li.appendChild(a);
      li.appendChild(document.createTextNode(' — ' + m.operator + ' — ' + statusWords(m.status) +
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
