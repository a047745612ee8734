// The secretariat console. A single page over the
// authenticated API: the bearer token is kept in sessionStorage (gone when the
// tab closes) and sent on every call. Views are chosen by the URL fragment
// (#/dashboard, #/applications/ID, #/marks/J0001 ...), so each state has an
// address. The DOM is built with textContent only: nothing from the API is
// ever parsed as HTML. Japanese first; English by the toggle (kept in
// localStorage).
'use strict';

(() => {
  const TOKEN_KEY = 'mark.console.token';
  const LANG_KEY = 'mark.console.lang';

  const I18N = {
    ja: {
      app_title: '安全・安心マーク 事務局コンソール', sign_in: 'サインイン', sign_out: 'サインアウト',
      token_label: 'アクセストークン', token_hint: 'markctl token create で発行したトークンを入力してください。トークンはこのタブを閉じると消えます。',
      token_bad: 'トークンが正しくありません。', signed_in: 'サインイン中',
      nav_dashboard: 'ダッシュボード', nav_operators: '事業者・サービス', nav_applications: '申請・審査', nav_marks: 'マーク', nav_calendar: 'カレンダー・料金',
      cancel: 'キャンセル', confirm: '実行する', loading: '読み込み中…', none: 'ありません', save: '保存',
      valid_marks: '有効なマーク', scheme_isp: 'ISP版', scheme_wifi: '公衆無線LAN版',
      due_this_month: '今月が更新申請月のマーク', due_next_session: '次回審査会 {s} に向けた更新', overdue_fees: '期限超過の料金', recent_changes: '最近の変更',
      number: '番号', scheme: '制度', operator: '事業者', service: 'サービス', valid_until: '有効期限', valid_from: '有効期間開始', status: '状態',
      renewal_due_month: '更新申請月', next_session: '次回審査会', days_left: '残日数', amount: '金額(円)', due: '期限', paid_on: '支払日', kind: '種別',
      at: '日時', actor: '実行者', action: '操作', target: '対象', outcome: '結果',
      operators: '事業者', new_operator: '事業者を登録', name: '名称', name_en: '英語名称', corporate_number: '法人番号', website: 'ウェブサイト',
      services: 'サービス', new_service: 'サービスを登録', domains: 'ドメイン（カンマ区切り）', ssids: 'SSID（カンマ区切り）', create: '登録する',
      new_application: '申請を作成', applications: '申請一覧', application: '申請', kind_new: '新規', kind_renewal: '更新',
      first_review_body: '1次審査機関', session: '2次審査会（年-月）', application_date: '申請日', service_id: 'サービスID',
      st_open: '審査中', st_passed: '合格', st_failed: '不合格',
      review_form: '審査入力', criteria: '審査基準', notes: '審査メモ', evidence: '証跡（文書名・トップページからのパス等）',
      met: '満たす', record_review: '審査結果を記録', reviews: '審査記録', decided_at: '判定日時', decided_by: '判定者', points: '点数',
      pass: '合格', fail: '不合格', provisional: '暫定（抜粋基準）', mandatory: '必須', mandatory_met: '必須項目', reasons: '理由', gate_hint: '⚑ = 0点なら不合格',
      used_for: '使用先', grant: 'マークを付与', renew: '更新する', suspend: '一時停止', reinstate: '停止解除', revoke: '取消',
      reason: '理由（必須）', reason_col: '理由・メモ', note: 'メモ', accept_provisional: '暫定の判定に基づくことを承認する',
      confirm_grant: 'この審査に基づいてマークを付与します。', confirm_renew: 'この審査に基づいてマークを更新します。',
      confirm_suspend: 'マーク {n} を一時停止します。', confirm_reinstate: 'マーク {n} の停止を解除します。', confirm_revoke: 'マーク {n} を取り消します。取消は元に戻せません。',
      renew_paper: '紙で決定した更新として記録', confirm_renew_paper: '審査記録なしで（紙で決定した更新として）マーク {n} を更新します。',
      history: '履歴', certificate: '証明書', search: '検索', search_hint: '番号・事業者名・サービス名',
      diagnosis: 'セキュリティ診断（2-1-1）', record_diagnosis: '診断報告を記録', diagnosis_hint: '診断報告書の内容（JSON）: report_date、findings（host, finding, CVSS v2 の vector, resolved, opinion_attached）', findings: '指摘事項', fees: '料金', pay: '支払済にする', confirm_pay: 'この料金を支払済として記録します。',
      renewals: '更新予定', within_days: '日以内', download_csv: 'CSVをダウンロード', download_ics: 'iCalendarをダウンロード', show: '表示',
      ics_subscribe: 'カレンダーアプリで購読するには、カレンダー専用トークン（markctl token create --role calendar）を発行し、次のURLの TOKEN をそれに置き換えて登録してください。このトークンはこのカレンダーを読むことしかできません。',
      done: '完了しました', error: 'エラー', forbidden: 'この操作の権限がありません。', mark: 'マーク', open_mark: 'マークを開く', no_mark: 'マークなし',
      fee_new_review: '新規審査料金', fee_renewal_review: '更新審査料金', fee_annual_usage: 'マーク年間使用料',
      state_paid: '支払済', state_due: '未払い', state_overdue: '期限超過', state_waived: '免除',
      waive: '免除する', confirm_waive: 'この料金を免除として記録します。理由は記録され、監査ログに残ります。', waive_reason: '免除の理由（必須）', waived_by: '免除: {at} {by}（{reason}）',
      refused_rules: '協議会の規則により受け付けられませんでした:', invalid_input: '入力を確認してください:',
      rule_item_2_1_1: '項目2-1-1（セキュリティ診断）', rule_review_fee: '審査料金', rule_session: '2次審査会', rule_valid_from: '有効期間開始日', rule_renewal_window: '更新受付期間',
      from_diagnosis: '診断報告から（{d}）', no_diagnosis: '診断報告なし（未充足）', renewal_window: '更新受付期間',
      ev_granted: '付与', ev_imported: '移行登録', ev_renewed: '更新', ev_suspended: '一時停止', ev_reinstated: '停止解除', ev_revoked: '取消',
      all: 'すべて', lang_other: 'English',
      edit: '変更', edit_operator: '事業者情報の変更', edit_service: 'サービス情報の変更', venues: '提供場所（カンマ区切り）',
      contacts: '連絡先（1行に1件: renewal・billing・security のいずれかとメールアドレス）— 公開されません',
      public_reason: '変更理由 — 公開されます（マークの履歴に表示）', note_internal: '内部メモ — 公開されません（監査記録のみ）',
      shared_domains: '他の事業者と共用するドメイン（カンマ区切り）', shared_reason: '共用の理由 — 公開されます（両方の確認ページに表示）',
      review_changes: '変更内容を確認', amend_title: '変更の確認', amend_reissue: '次のマークの証明書を再発行します（番号と有効期間は変わりません）:',
      amend_no_reissue: '証明書は再発行しません（証明書に記載された事実は変わりません）。', amend_nothing: '変更はありません。',
      amend_changed: '変更する項目: {f}', amend_save: '変更を保存', amended_reissued: '保存しました。再発行: {n}',
      return: '返上', confirm_return: 'マーク {n} を返上として記録します。処分ではありません。返上は元に戻せません。', return_code: '返上の区分',
      rc_service_ended: 'サービス終了', rc_holder_request: '事業者の申出', rc_business_transferred: '事業譲渡', rc_unspecified: 'その他',
      ev_returned: '返上', ev_amended: '変更',
      attention: '要対応', att_shared_ssid: '他の事業者と同じSSID', att_lookalike_ssid: '他の事業者とよく似たSSID',
      nav_reports: '不正利用の報告', att_open_reports: '未完了の報告', att_reports_dropped: '破棄された報告', att_token_flood: 'トークンの大量試行', att_lookalike_name: '他の事業者とよく似た名前',
      nav_outbox: '通知', nav_help: '使い方', nav_today: '今日の対応', today_title: '今日の対応（{d}）', today_hint: '件数はサーバーが数えたものです。',
      att_application_pending: '判定待ちの申請', att_fee_overdue: '期限超過の料金', att_fee_due_soon: '7日以内に期限の料金',
      att_renewal_window_open: '更新受付期間中で更新申請のないマーク', att_lapsing_before_session: '次回審査会より前に有効期限が切れるマーク',
      marks_total: '登録マーク（全状態）', reason_code: '理由コード（必須・一覧から選択）', shown_public: '公開されます',
      reason_public: '理由 — 公開されます（確認ページに表示）', public_preview: '確認ページでの表示（公開されます）',
      revoke_action: 'マークを取り消す（制裁）', type_number: '確認のため、マーク番号 {n} を入力してください',
      rc_misrepresentation: '虚偽・不実の表示', rc_non_payment: '料金の未払い', rc_review_failed: '審査不合格', rc_security_incident: 'セキュリティ事故',
      rc_ceased_operation: 'サービスの停止', rc_operator_request: '事業者の申出',
      public_page: '確認ページ', badge: 'バッジ', embed_kit: '埋め込みキット', links: '公開リンク',
      report_date: '報告日', host: 'ホスト', finding: '指摘内容', vector: 'CVSS v2 ベクトル', resolved: '対処済み', opinion_attached: '意見書あり',
      cover_list_attached: '対象一覧あり', summary_attached: '総括あり', add_finding: '指摘を追加', remove_finding: '削除', base_score: '基本値',
      would_be: '記録した場合の判定', no_findings: '指摘なし',
    },
    en: {
      app_title: 'Safety & Security Mark — Secretariat console', sign_in: 'Sign in', sign_out: 'Sign out',
      token_label: 'Access token', token_hint: 'Enter a token made with markctl token create. It is forgotten when this tab closes.',
      token_bad: 'That token is not valid.', signed_in: 'Signed in',
      nav_dashboard: 'Dashboard', nav_operators: 'Operators & services', nav_applications: 'Applications & reviews', nav_marks: 'Marks', nav_calendar: 'Calendar & fees',
      cancel: 'Cancel', confirm: 'Confirm', loading: 'Loading…', none: 'None', save: 'Save',
      valid_marks: 'Valid marks', scheme_isp: 'ISP', scheme_wifi: 'Public Wi-Fi',
      due_this_month: 'Renewal applications due this month', due_next_session: 'Renewals for the next session, {s}', overdue_fees: 'Overdue fees', recent_changes: 'Recent changes',
      number: 'Number', scheme: 'Scheme', operator: 'Operator', service: 'Service', valid_until: 'Valid until', valid_from: 'Valid from', status: 'Status',
      renewal_due_month: 'Renewal due', next_session: 'Next session', days_left: 'Days left', amount: 'Amount (JPY)', due: 'Due', paid_on: 'Paid on', kind: 'Kind',
      at: 'When', actor: 'By', action: 'Action', target: 'Target', outcome: 'Outcome',
      operators: 'Operators', new_operator: 'Register an operator', name: 'Name', name_en: 'English name', corporate_number: 'Corporate number', website: 'Website',
      services: 'Services', new_service: 'Register a service', domains: 'Domains (comma separated)', ssids: 'SSIDs (comma separated)', create: 'Register',
      new_application: 'New application', applications: 'Applications', application: 'Application', kind_new: 'New', kind_renewal: 'Renewal',
      first_review_body: 'First review body', session: 'Second review session (YYYY-MM)', application_date: 'Application date', service_id: 'Service id',
      st_open: 'Open', st_passed: 'Passed', st_failed: 'Failed',
      review_form: 'Review', criteria: 'Criteria set', notes: 'Reviewer notes', evidence: 'Evidence (document, web path from the top page …)',
      met: 'Met', record_review: 'Record the review', reviews: 'Reviews', decided_at: 'Decided at', decided_by: 'Decided by', points: 'Points',
      pass: 'Pass', fail: 'Fail', provisional: 'Provisional (excerpt criteria)', mandatory: 'Mandatory', mandatory_met: 'Mandatory items', reasons: 'Reasons', gate_hint: '⚑ = fails at 0',
      used_for: 'Used for', grant: 'Grant the mark', renew: 'Renew', suspend: 'Suspend', reinstate: 'Reinstate', revoke: 'Revoke',
      reason: 'Reason (required)', reason_col: 'Reason / note', note: 'Note', accept_provisional: 'I accept resting this on a provisional decision',
      confirm_grant: 'Grant the mark on this review.', confirm_renew: 'Renew the mark on this review.',
      confirm_suspend: 'Suspend mark {n}.', confirm_reinstate: 'Reinstate mark {n}.', confirm_revoke: 'Revoke mark {n}. Revocation is permanent.',
      renew_paper: 'Record a renewal decided on paper', confirm_renew_paper: 'Renew mark {n} without a review record (decided on paper).',
      history: 'History', certificate: 'Certificate', search: 'Search', search_hint: 'Number, operator or service',
      diagnosis: 'Security diagnosis (2-1-1)', record_diagnosis: 'Record the diagnosis report', diagnosis_hint: 'The report as JSON: report_date and findings (host, finding, CVSS v2 vector, resolved, opinion_attached)', findings: 'Findings', fees: 'Fees', pay: 'Mark paid', confirm_pay: 'Record this fee as paid.',
      renewals: 'Renewals', within_days: 'days ahead', download_csv: 'Download CSV', download_ics: 'Download iCalendar', show: 'Show',
      ics_subscribe: 'To subscribe from a calendar app, issue a calendar token (markctl token create --role calendar) and add this URL with TOKEN replaced by it. That token can read this calendar and nothing else.',
      done: 'Done', error: 'Error', forbidden: 'You may not do this.', mark: 'Mark', open_mark: 'Open the mark', no_mark: 'No mark',
      fee_new_review: 'New review fee', fee_renewal_review: 'Renewal review fee', fee_annual_usage: 'Annual usage fee',
      state_paid: 'Paid', state_due: 'Due', state_overdue: 'Overdue', state_waived: 'Waived',
      waive: 'Waive', confirm_waive: 'Record this fee as waived. The reason is kept and audited.', waive_reason: 'Reason for the waiver (required)', waived_by: 'Waived {at} by {by} ({reason})',
      refused_rules: "Refused by the council's rules:", invalid_input: 'Please check:',
      rule_item_2_1_1: 'Item 2-1-1 (security diagnosis)', rule_review_fee: 'Review fee', rule_session: 'Second-review session', rule_valid_from: 'Valid from', rule_renewal_window: 'Renewal window',
      from_diagnosis: 'from the diagnosis ({d})', no_diagnosis: 'no diagnosis on record (not met)', renewal_window: 'Renewal window',
      ev_granted: 'Granted', ev_imported: 'Imported', ev_renewed: 'Renewed', ev_suspended: 'Suspended', ev_reinstated: 'Reinstated', ev_revoked: 'Revoked',
      all: 'All', lang_other: '日本語',
      edit: 'Amend', edit_operator: 'Amend the operator', edit_service: 'Amend the service', venues: 'Venues (comma separated)',
      contacts: 'Contacts (one per line: renewal, billing or security and an address) — never public',
      public_reason: 'Reason for the change — public (shown in the marks\' history)', note_internal: 'Internal note — not public (audit trail only)',
      shared_domains: 'Domains shared with other operators (comma separated)', shared_reason: 'Why they are shared — public (shown on both verify pages)',
      review_changes: 'Review the change', amend_title: 'Confirm the change', amend_reissue: 'These marks get a new certificate (same number and validity):',
      amend_no_reissue: 'No certificate is re-issued (no certified fact changes).', amend_nothing: 'Nothing changes.',
      amend_changed: 'Fields that change: {f}', amend_save: 'Save the change', amended_reissued: 'Saved. Re-issued: {n}',
      return: 'Return', confirm_return: 'Record mark {n} as returned. This is not a sanction. A return is permanent.', return_code: 'Kind of return',
      rc_service_ended: 'Service ended', rc_holder_request: 'Holder\'s request', rc_business_transferred: 'Business transferred', rc_unspecified: 'Other',
      ev_returned: 'Returned', ev_amended: 'Amended',
      attention: 'Needs attention', att_shared_ssid: 'SSID another operator uses', att_lookalike_ssid: 'SSID like another operator\'s',
      nav_reports: 'Misuse reports', att_open_reports: 'Open report', att_reports_dropped: 'Reports dropped', att_token_flood: 'Token guessing flood', att_lookalike_name: 'Name like another operator\'s',
      nav_outbox: 'Notices', nav_help: 'Help', nav_today: 'Today', today_title: 'Today ({d})', today_hint: 'The server counts these.',
      att_application_pending: 'Applications awaiting a decision', att_fee_overdue: 'Overdue fees', att_fee_due_soon: 'Fees due within 7 days',
      att_renewal_window_open: 'Renewal window open, no renewal application', att_lapsing_before_session: 'Marks lapsing before the next session',
      marks_total: 'Registered marks (any status)', reason_code: 'Reason code (required, from the list)', shown_public: 'Shown to the public',
      reason_public: 'Reason — shown to the public (on the check page)', public_preview: 'As the check page shows it (shown to the public)',
      revoke_action: 'Revoke the mark (sanction)', type_number: 'To confirm, type the mark number {n}',
      rc_misrepresentation: 'Misrepresentation', rc_non_payment: 'Non-payment', rc_review_failed: 'Review failed', rc_security_incident: 'Security incident',
      rc_ceased_operation: 'Ceased operation', rc_operator_request: 'Operator\'s request',
      public_page: 'Check page', badge: 'Badge', embed_kit: 'Embed kit', links: 'Public links',
      report_date: 'Report date', host: 'Host', finding: 'Finding', vector: 'CVSS v2 vector', resolved: 'Resolved', opinion_attached: 'Opinion attached',
      cover_list_attached: 'Cover list attached', summary_attached: 'Summary attached', add_finding: 'Add a finding', remove_finding: 'Remove', base_score: 'Base score',
      would_be: 'If recorded', no_findings: 'No findings',
    },
  };

  let lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'ja';
  const t = (key, vars) => {
    let s = (I18N[lang] && I18N[lang][key]) || I18N.ja[key] || key;
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace('{' + k + '}', String(v));
    return s;
  };
  const $ = (id) => document.getElementById(id);

  // h('p', {class: 'x'}, 'text', child): attributes set one by one, text as text.
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === null || v === undefined) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else if (k === 'value') el.value = v;
      else if (k === 'checked') el.checked = !!v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids.flat()) {
      if (kid === null || kid === undefined || kid === false) continue;
      el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return el;
  }
  const pill = (cls, text) => h('span', { class: 'pill ' + cls }, text);
  // A wide table scrolls inside its own box on a narrow screen (390 px), so
  // the page keeps its width and every button stays reachable; the box takes
  // focus so a keyboard can scroll it too.
  const table = (heads, rows) => rows.length === 0 ? h('p', { class: 'muted' }, t('none')) :
    h('div', { class: 'table-scroll', tabindex: 0 },
      h('table', {}, h('thead', {}, h('tr', {}, heads.map((x) => h('th', { class: x.num ? 'num' : '' }, x.label || x)))),
        h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));
  // The registry's rules (GET /api/v1/rules: its time zone, the shape of a
  // mark number, the session months, each status's public words), read once
  // at start-up instead of copied here; route() waits for them.
  let rules = null;
  const rulesLoaded = fetch('/api/v1/rules', { cache: 'no-cache' }).then((r) => {
    if (!r.ok) throw new Error('/api/v1/rules: HTTP ' + r.status);
    return r.json();
  }).then((r) => { rules = r; });
  // A Date whose UTC fields read the registry's wall clock at `ms`.
  const inJst = (ms) => new Date(ms + rules.time_zone.utc_offset_minutes * 60 * 1000);
  const jstToday = () => inJst(Date.now()).toISOString().slice(0, 10);
  const isMarkNumber = (s) => typeof s === 'string' && new RegExp(rules.mark_number.pattern).test(s);
  // A status in the words the public pages and badges use for it.
  const statusWord = (s) => (rules.statuses[s] ? rules.statuses[s].words[lang] : s);
  // The first review bodies a mark number's letter names (JAIPA, TELESA, TCA).
  const firstReviewBodies = () => Object.values(rules.mark_number.first_review_bodies);
  // Every instant the API gives (RFC 3339, UTC) is shown in JST, the
  // registry's time zone; a plain date ("YYYY-MM-DD") is already a JST date.
  function jst(instant) {
    if (typeof instant !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(instant)) return instant;
    const ms = Date.parse(instant);
    if (Number.isNaN(ms)) return instant;
    const d = inJst(ms).toISOString();
    return d.slice(0, 10) + ' ' + d.slice(11, 16) + ' JST';
  }
  // A mark's public addresses as the API gives them (`links`): its check
  // page, its badge, its embed kit.
  const publicLinks = (m) => h('span', { class: 'public-links' },
    h('a', { href: m.links.verify, target: '_blank', rel: 'noopener', class: 'link-verify' }, t('public_page')), ' ',
    h('a', { href: m.links.badge_svg, target: '_blank', rel: 'noopener', class: 'link-badge' }, t('badge')), ' ',
    h('a', { href: m.links.embed, target: '_blank', rel: 'noopener', class: 'link-embed' }, t('embed_kit')));
  const schemeName = (s) => t('scheme_' + s);
  const markLink = (n) => h('a', { href: '#/marks/' + encodeURIComponent(n) }, n);
  const yen = (n) => Number(n).toLocaleString('ja-JP');

  // ---- API ---------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
      this.status = status;
      this.problem = problem || {};
    }
  }
  const token = () => sessionStorage.getItem(TOKEN_KEY) || '';
  // Every write carries an Idempotency-Key, one per user action: the same
  // write (method, path and body) keeps its key until the server has
  // answered it (any answer but a 5xx or no answer), so a double click or a
  // retry after a lost answer is made once; the next action gets a new key.
  const pendingKeys = new Map();
  function newKey() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }
  async function api(method, path, body) {
    const headers = { Authorization: 'Bearer ' + token() };
    const init = { method, headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const write = method !== 'GET' ? method + ' ' + path + ' ' + (init.body || '') : null;
    if (write) {
      if (!pendingKeys.has(write)) pendingKeys.set(write, newKey());
      headers['Idempotency-Key'] = pendingKeys.get(write);
    }
    const res = await fetch(path, init);
    if (write && res.status < 500) pendingKeys.delete(write);
    const type = res.headers.get('Content-Type') || '';
    const data = type.includes('json') ? await res.json() : await res.text();
    if (res.status === 401) {
      signOut();
      throw new ApiError(401, data);
    }
    if (!res.ok) throw new ApiError(res.status, data);
    return data;
  }
  // One line per problem: a refusal by the council's rules (409) lists each
  // rule with what would satisfy it; a bad request lists each field.
  function problemText(e) {
    if (e.status === 403) return t('forbidden');
    const errors = e.problem.errors || [];
    if (errors.length === 0) return e.message;
    const label = (f) => (I18N.ja['rule_' + f.field] ? t('rule_' + f.field) : f.field);
    return [e.status === 409 ? t('refused_rules') : t('invalid_input'),
      ...errors.map((f) => '• ' + label(f) + ' — ' + f.message)].join('\n');
  }

  function flash(text, bad) {
    const f = $('flash');
    f.textContent = text;
    f.className = 'flash' + (bad ? ' bad' : '');
    f.setAttribute('role', bad ? 'alert' : 'status');
    f.hidden = false;
    if (bad) f.scrollIntoView({ block: 'nearest' });
  }
  const clearFlash = () => { $('flash').hidden = true; };

  // ---- confirmation dialog -------------------------------------------------
  // Resolves to the field values when confirmed, null when cancelled.
  // A field with `equals` holds the dialog until exactly that is typed;
  // `preview(values)` shows, live, the text the public will read.
  function confirmAction({ title, text, fields = [], okLabel, list = [], preview = null }) {
    return new Promise((resolve) => {
      const dlg = $('confirm');
      $('confirm-title').textContent = title;
      $('confirm-text').textContent = text;
      $('confirm-error').textContent = '';
      $('confirm-ok').textContent = okLabel || t('confirm');
      $('confirm-cancel').textContent = t('cancel');
      const box = $('confirm-fields');
      box.replaceChildren();
      if (list.length) box.append(h('ul', { id: 'confirm-list' }, list.map((x) => h('li', {}, x))));
      const inputs = {};
      for (const f of fields) {
        const id = 'confirm-' + f.name;
        let input;
        if (f.type === 'select') {
          input = h('select', { id }, f.options.map((o) => h('option', { value: o.value }, o.label)));
          box.append(h('label', { for: id }, f.label), input);
        } else if (f.type === 'checkbox') {
          input = h('input', { id, type: 'checkbox' });
          box.append(h('label', { for: id }, input, ' ', f.label));
        } else {
          input = h(f.type === 'textarea' ? 'textarea' : 'input', { id, type: f.type || 'text', value: f.value || '' });
          box.append(h('label', { for: id }, f.label), input);
        }
        inputs[f.name] = input;
      }
      const current = () => Object.fromEntries(fields.map((f) => [f.name, f.type === 'checkbox' ? inputs[f.name].checked : inputs[f.name].value.trim()]));
      if (preview) {
        const shown = h('p', { id: 'confirm-preview-text' });
        const update = () => { shown.textContent = preview(current()); };
        box.append(h('div', { class: 'preview', id: 'confirm-preview' }, h('div', { class: 'preview-label' }, t('public_preview')), shown));
        box.addEventListener('input', update);
        box.addEventListener('change', update);
        update();
      }
      const form = $('confirm-form');
      const onSubmit = (ev) => {
        if (ev.submitter && ev.submitter.value === 'ok') {
          for (const f of fields) {
            const i = inputs[f.name];
            if ((f.required && f.type !== 'checkbox' && !i.value.trim()) || (f.required && f.type === 'checkbox' && !i.checked) ||
                (f.equals !== undefined && i.value.trim() !== f.equals)) {
              ev.preventDefault();
              $('confirm-error').textContent = f.label;
              i.focus();
              return;
            }
          }
        }
      };
      const onClose = () => {
        form.removeEventListener('submit', onSubmit);
        dlg.removeEventListener('close', onClose);
        if (dlg.returnValue !== 'ok') return resolve(null);
        resolve(current());
      };
      form.addEventListener('submit', onSubmit);
      dlg.addEventListener('close', onClose);
      dlg.returnValue = '';
      dlg.showModal();
    });
  }

  // Runs a write after confirmation; shows the outcome.
  async function confirmedWrite(opts, write) {
    const values = await confirmAction(opts);
    if (!values) return null;
    try {
      const out = await write(values);
      flash(t('done'));
      return out;
    } catch (e) {
      flash(problemText(e), true);
      return null;
    }
  }

  // ---- views -------------------------------------------------------------
  const view = () => $('view');
  function render(...nodes) { view().replaceChildren(...nodes.filter((n) => n != null)); }

  function nextSession(ym) {  // "YYYY-MM" → the first session month on or after it
    let [y, m] = ym.split('-').map(Number);
    const months = rules.session_months;
    const s = months.find((x) => x >= m);
    if (s === undefined) { y += 1; m = months[0]; } else m = s;
    return y + '-' + String(m).padStart(2, '0');
  }
  // What a session field accepts: "YYYY-MM" with a session month.
  const sessionPattern = () => '[0-9]{4}-(' + rules.session_months.map((m) => String(m).padStart(2, '0')).join('|') + ')';
  function thisMonth() {  // in JST
    const d = inJst(Date.now());
    return d.getUTCFullYear() + '-' + String(d.getUTCMonth() + 1).padStart(2, '0');
  }

  const windowText = (r) => (r.renewal_window ? r.renewal_window.opens + ' – ' + r.renewal_window.closes : '');
  const renewalRows = (items) => items.map((r) => [markLink(r.number), schemeName(r.scheme), r.operator_name,
    lang === 'en' ? r.service_name_en : r.service_name, r.valid_until, r.renewal_due_month, r.next_session,
    windowText(r), pill(r.status, statusWord(r.status))]);
  const renewalHeads = () => [t('number'), t('scheme'), t('operator'), t('service'), t('valid_until'), t('renewal_due_month'), t('next_session'),
    t('renewal_window'), t('status')];

  // A kind's label; a kind this console does not know yet shows its name.
  const attKind = (kind) => (I18N.ja['att_' + kind] ? t('att_' + kind) : kind);

  // A waived fee shows who waived it, when and why; an open one offers
  // "paid" and "waive" (both secretariat-only on the server).
  function feeTable(items, withPay) {
    const settled = (f) => f.state === 'paid' || f.state === 'waived';
    return table([t('operator'), t('service'), t('kind'), { label: t('amount'), num: true }, t('due'), t('paid_on'), t('status'), ''],
      items.map((f) => [f.operator_name || '', (lang === 'en' ? f.service_name_en : f.service_name) || '', t('fee_' + f.kind),
        yen(f.amount_jpy), f.due || '—',
        f.waived ? h('span', { class: 'waived' }, t('waived_by', { at: jst(f.waived.at), by: f.waived.by, reason: f.waived.reason })) : (f.paid_on || ''),
        pill(f.state, t('state_' + f.state)),
        withPay && !settled(f) ? h('span', { class: 'inline' },
          h('button', { type: 'button', class: 'secondary', 'data-fee': f.id, onclick: () => payFee(f) }, t('pay')),
          h('button', { type: 'button', class: 'secondary', 'data-waive': f.id, onclick: () => waiveFee(f) }, t('waive'))) : '']));
  }

  async function waiveFee(f) {
    const out = await confirmedWrite({ title: t('waive'), text: t('confirm_waive') + ' ' + t('fee_' + f.kind) + ' ' + yen(f.amount_jpy),
      fields: [{ name: 'reason', label: t('waive_reason'), type: 'textarea', required: true }], okLabel: t('waive') },
    (v) => api('POST', '/api/v1/fees/' + encodeURIComponent(f.id) + '/waive', { reason: v.reason }));
    if (out) route();
  }

  async function payFee(f) {
    const today = jstToday();
    const out = await confirmedWrite({ title: t('pay'), text: t('confirm_pay') + ' ' + t('fee_' + f.kind) + ' ' + yen(f.amount_jpy),
      fields: [{ name: 'paid_on', label: t('paid_on'), type: 'date', value: today, required: true }] },
    (v) => api('POST', '/api/v1/fees/' + encodeURIComponent(f.id) + '/pay', { paid_on: v.paid_on }));
    if (out) route();
  }

  function formValues(form) {
    const out = {};
    for (const el of form.elements) if (el.name) out[el.name] = el.value.trim();
    return out;
  }
  const field = (name, label, attrs = {}) => [h('label', { for: 'f-' + name }, label), h('input', { id: 'f-' + name, name, ...attrs })];
  const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);

  // Amendments: the server says first what the PATCH would do (dry_run),
  // which marks get a new certificate; the officer confirms, then it is sent.
  async function amendWithPreview(path, body) {
    let plan;
    try { plan = await api('PATCH', path + '?dry_run=true', body); } catch (e) { flash(problemText(e), true); return null; }
    const kept = (plan.unchanged_marks || []).filter((m) => plan.certified_change).map((m) => m.number + ': ' + m.why);
    const text = plan.changed.length === 0 ? t('amend_nothing')
      : t('amend_changed', { f: plan.changed.join(', ') }) + '\n' + (plan.reissue.length ? t('amend_reissue') : t('amend_no_reissue'));
    const out = await confirmedWrite({ title: t('amend_title'), text, list: [...plan.reissue, ...kept], okLabel: t('amend_save') },
      () => api('PATCH', path, body));
    if (out) flash(t('amended_reissued', { n: out.reissued.length ? out.reissued.join(', ') : '—' }));
    return out;
  }
  const lines = (s) => s.split(/[,\n]/).map((x) => x.trim()).filter(Boolean);
  const area = (name, label, value) => [h('label', { for: 'f-' + name }, label), h('textarea', { id: 'f-' + name, name, rows: 2, value })];
  const reasonFields = () => [...area('reason', t('public_reason'), ''), ...field('note_internal', t('note_internal'))];

  async function download(path, filename, type) {
    try {
      const res = await fetch(path, { headers: { Authorization: 'Bearer ' + token() }, cache: 'no-store' });
      if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
      const url = URL.createObjectURL(new Blob([await res.arrayBuffer()], { type }));
      const a = h('a', { href: url, download: filename });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) { flash(problemText(e), true); }
  }

  // ---- routing and start-up ----------------------------------------------
  const routes = [
    [/^#\/dashboard$/, () => pages.dashboard()],
    [/^#\/today$/, () => pages.today()],
    [/^#\/operators$/, () => pages.operators()],
    [/^#\/operators\/([A-Za-z0-9_-]+)$/, (m) => pages.operator(m[1])],
    [/^#\/services\/([A-Za-z0-9_-]+)$/, (m) => pages.service(m[1])],
    [/^#\/applications(?:\/new)?$/, (m, p) => pages.applications(p)],
    [/^#\/applications\/([A-Za-z0-9_-]+)$/, (m) => pages.application(m[1])],
    [/^#\/marks$/, (m, p) => pages.marks(p)],
    [/^#\/marks\/([A-Za-z0-9]+)$/, (m) => (isMarkNumber(m[1]) ? pages.mark(m[1]) : (location.hash = '#/dashboard'))],
    [/^#\/calendar$/, (m, p) => pages.calendar(p)],
    [/^#\/reports$/, (m, p) => window.MarkConsolePages.reports(ui, p)],
    [/^#\/outbox$/, (m, p) => window.MarkConsolePages.outbox(ui, p)],
    [/^#\/help$/, () => window.MarkConsolePages.help(ui)],
  ];
  // What every page shares, handed to the pages in files of their own.
  const ui = { I18N, t, $, h, pill, table, jst, jstToday, isMarkNumber, statusWord, firstReviewBodies, sessionPattern, publicLinks, schemeName, markLink, yen, ApiError, token,
    pendingKeys, newKey, api, problemText, flash, clearFlash, confirmAction, confirmedWrite, view, render,
    nextSession, thisMonth, windowText, renewalRows, renewalHeads, attKind, feeTable, waiveFee, payFee,
    formValues, field, list, amendWithPreview, lines, area, reasonFields, download, route, lang: () => lang };
  // The pages installed once with it (dashboard.js, marks.js, ...), by route name.
  const pages = Object.assign({}, ...(window.MarkConsoleInstallers || []).map((install) => install(ui)));

  let routeSeq = 0;
  async function route() {
    if (!token()) return showSignIn();
    const [path, query] = (location.hash || '#/dashboard').split('?');
    const params = new URLSearchParams(query || '');
    for (const a of $('nav').querySelectorAll('a')) a.classList.toggle('active', path.startsWith(a.getAttribute('href')));
    const mine = ++routeSeq;
    render(h('p', { class: 'muted' }, t('loading')));
    document.body.dataset.ready = 'false';
    const found = routes.find(([re]) => re.test(path));
    try {
      await rulesLoaded;
      if (!found) { location.hash = '#/dashboard'; return; }
      await found[1](path.match(found[0]), params);
    } catch (e) {
      if (mine === routeSeq && token()) render(h('p', { class: 'error' }, problemText(e)));
    }
    if (mine === routeSeq) document.body.dataset.ready = 'true';
  }

  function showSignIn() {
    $('signin').hidden = false;
    $('nav').hidden = true;
    $('signout').hidden = true;
    $('who').textContent = '';
    view().replaceChildren();
    document.body.dataset.ready = 'true';
    $('token').focus();
  }
  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn();
  }

  function applyLang() {
    document.documentElement.lang = lang;
    document.title = t('app_title');
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    $('lang').textContent = t('lang_other');
    if (token()) $('who').textContent = t('signed_in');
  }

  document.addEventListener('DOMContentLoaded', () => {
    applyLang();
    $('lang').addEventListener('click', () => {
      lang = lang === 'ja' ? 'en' : 'ja';
      localStorage.setItem(LANG_KEY, lang);
      applyLang();
      if (token()) route();
    });
    $('signout').addEventListener('click', signOut);
    $('signin-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const value = $('token').value.trim();
      $('signin-error').textContent = '';
      const res = await fetch('/api/v1/criteria', { headers: { Authorization: 'Bearer ' + value }, cache: 'no-store' });
      if (res.status === 401 || res.status === 429) { $('signin-error').textContent = t('token_bad'); return; }
      sessionStorage.setItem(TOKEN_KEY, value);
      $('token').value = '';
      $('signin').hidden = true;
      $('nav').hidden = false;
      $('signout').hidden = false;
      $('who').textContent = t('signed_in');
      clearFlash();
      route();
    });
    window.addEventListener('hashchange', () => { clearFlash(); route(); });
    if (token()) {
      $('signin').hidden = true;
      $('nav').hidden = false;
      $('signout').hidden = false;
      $('who').textContent = t('signed_in');
    }
    route();
  });
})();
