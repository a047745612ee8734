// The secretariat console's help (#/help): what each change does to the
// registry, in the words the rest of the console uses. One section per
// subject; the rules themselves live on the server (the console only
// explains them), so each section names where the server says more. A page
// in a file of its own: admin.js routes to it and hands it the helpers pages
// share (ui).
(() => {
  'use strict';
  const SECTIONS = {
    ja: [
      ['help-amend', '登録内容の変更（名称・ドメイン・SSID・設置場所・事業者情報）',
        'サービスや事業者の画面の「変更」から行います。理由は必須で、確認ページに公開されます（内部メモは公開されません）。'
        + '証明書に載る内容が変わると、有効・有効期間前・停止中のマーク（更新受付期間内の期限切れも）の証明書が同じ番号・同じ有効期間で再発行され、履歴と透明性ログに記録されます。'
        + '送信前に、再発行されるマークの一覧が表示されます。取消・返上済みのマークのサービスは変更できません。'],
      ['help-domains', 'ドメインとSSID',
        'ドメインは公開サフィックスリストで登録可能な名前かその下位のみです。他の事業者のサービスと同じ・上位・下位のドメインは、共有の理由を付けた場合だけ登録でき、両方の確認ページに表示されます。'
        + 'SSIDは識別子ではありません。他の事業者と同じSSIDやよく似たSSIDは受け付け、確認ページと「今日の対応」に表示します。'],
      ['help-return', '返上と取消',
        '返上（サービス終了・事業者の申出・事業譲渡）は制裁ではなく、中立的に表示されます。取消は制裁で、理由コードを一覧から選び、マーク番号を入力して確定します。どちらも元に戻せません。'],
      ['help-rules', '付与と更新のルール',
        '付与・更新には、審査料の支払い（または免除の記録）、審査会の月の1日以降であること、ISPでは有効なセキュリティ診断（2-1-1）が必要です。'
        + '更新は現在の有効期間の更新受付期間内だけ受け付けます（更新月の1日または有効期限の4か月前の早い方から、有効期限の3か月後まで）。紙で決まった更新の取り込みも同じ期間に限られます。'],
      ['help-certificates', '証明書',
        '付与・更新・変更・再発行のたびに新しい証明書が発行され、古い証明書は「置き換え済み」となり有効とは扱われません。鍵を退役させる前に markctl certificates reissue で現在の証明書を新しい鍵で署名し直します。'],
      ['help-unknown', '「確認不可」と表示されるとき',
        '登録簿の内容が証明書や履歴と一致しないマーク（データベースが外部から書き換えられた場合など）と、サーバーの時計が最後の変更より遅れているときの時刻に依存する状態は「確認不可」と表示され、有効とは表示されません。'
        + '前者は markctl check で差分を確認して修正し、後者は時計を直すか、正しい時計であれば markctl clock accept-earlier で受け入れます。'],
    ],
    en: [
      ['help-amend', 'Amending a service or an operator (names, domains, SSIDs, venues, operator details)',
        'Use "Amend" on the service or operator page. A reason is required and is shown on the check page (the internal note is not). '
        + 'When a fact the certificate carries changes, every valid, not yet valid or suspended mark of it (and an expired one inside its renewal window) gets a new certificate under the same number with the same validity, recorded in its history and the transparency log. '
        + 'The form lists what will be re-issued before it is sent. The service of a revoked or returned mark cannot be amended.'],
      ['help-domains', 'Domains and SSIDs',
        'A domain must be a registrable name or below one (the Public Suffix List). A domain equal to, under or above another operator\'s is accepted only with a reason for sharing, shown on both check pages. '
        + 'SSIDs are not identifiers: the same or a look-alike SSID of another operator is accepted and shown on the check pages and on Today.'],
      ['help-return', 'Returned and revoked',
        'A returned mark (service ended, holder\'s request, business transferred) is neutral, not a sanction. Revocation is a sanction: pick its reason code and type the mark number to confirm. Neither can be undone.'],
      ['help-rules', 'Rules for a grant or a renewal',
        'A grant or renewal needs the review fee paid (or a recorded waiver), the first day of the session month reached, and for an ISP a passing security diagnosis (2-1-1). '
        + 'A renewal is accepted only inside the renewal window of the current year (from the earlier of the first day of the renewal month and four months before the mark\'s last day, until three months after it); an import of a paper decision too.'],
      ['help-certificates', 'Certificates',
        'Every grant, renewal, amendment and re-issue makes a new certificate; the one before is superseded and never counts as valid. Before retiring a key, re-sign the current certificates with markctl certificates reissue.'],
      ['help-unknown', 'When a mark shows "cannot check"',
        'A mark whose stored facts differ from its certificate or history (the database changed behind the registry\'s back), and every time-dependent status while the server\'s clock reads behind the last change, shows "cannot check", never valid. '
        + 'For the first, markctl check names the difference to put right; for the second, set the clock right, or accept a right clock with markctl clock accept-earlier.'],
    ],
  };
  const TITLE = { ja: '使い方と変更のルール', en: 'Help: what each change does' };

  async function help(ui) {
    const { h, render } = ui;
    const lang = SECTIONS[ui.lang()] ? ui.lang() : 'ja';
    render(h('h2', {}, TITLE[lang]),
      ...SECTIONS[lang].map(([id, heading, body]) =>
        h('section', { class: 'card', id }, h('h3', {}, heading), h('p', {}, body))));
  }

  window.MarkConsolePages = Object.assign(window.MarkConsolePages || {}, { help });
})();
