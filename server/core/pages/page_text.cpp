#include "pages/page_text.h"

namespace mark::pages {

using namespace mark::badge;  // the verdicts, languages and badges the pages show
namespace {

const UiText kJa{
    .site_name = "安全・安心マーク 登録簿",
    .council = "インターネット接続サービス安全・安心マーク推進協議会",
    .language = "言語",
    .footer_source = "このページに表示している内容は、すべて協議会の登録簿のデータです（証明書の記載ではありません）。",
    .footer_privacy = "このサイトは、誰がどのマークを確認したかを記録しません。",
    .search_link = "登録簿を検索",
    .number = "管理番号",
    .scheme = "種別",
    .scheme_isp = "ISP版",
    .scheme_wifi = "公衆無線LAN版",
    .service = "サービス",
    .operator_ = "事業者",
    .corporate_number = "法人番号",
    .website = "ウェブサイト",
    .domains = "登録ドメイン",
    .ssids = "登録SSID",
    .venues = "提供場所",
    .validity = "有効期間",
    .valid_until = "有効期限",
    .granted = "付与日",
    .first_review = "一次審査",
    .suspended_at = "停止日",
    .revoked_at = "取消日",
    .returned_at = "返上日",
    .reason = "理由",
    .none = "（登録なし）",
    .verify_title = "マークの確認",
    .details = "登録内容",
    .compare_heading = "目の前のものと比べてください",
    .domains_hint =
        "アドレス欄のホスト名（https:// の後から次の / "
        "まで）が、次のどれかと同じか、「.」とどれかをつなげたもので終わっていれば、登録されたサイトです。",
    .ssids_hint =
        "接続しようとしているWi-"
        "FiのSSIDが、次のどれかと大文字・小文字まで完全に一致するか確かめてください。一字でも違えば別のネットワークです"
        "。よく似た名前の偽アクセスポイントに注意してください。",
    .foreign_before = "このバッジは ",
    .foreign_after = " に表示されていましたが、このサイトはこのマークに登録されていません。",
    .site_not_confirmed_note =
        "バッジに「掲載サイト未確認」と表示されていた場合: "
        "バッジを表示したページをブラウザが伝えなかったため、登録されたサイトかどうかは確かめていません。マークの状態は"
        "このページのとおりです。アドレス欄のドメインが上の登録ドメインと一致するか確かめてください。",
    .mismatch_heading = "一致しないときは",
    .mismatch_1 = "個人情報・パスワード・カード番号を入力しないでください。",
    .mismatch_2 = "上の登録ドメインから、サービスの正式なサイトに改めてアクセスしてください。",
    .mismatch_wifi = "SSIDが一覧にないWi-Fiには接続しないでください。接続済みなら切断してください。",
    .mismatch_3 = "下のフォームで、どこで見たかを協議会事務局に知らせてください。",
    .sig_heading = "電子署名の確認",
    .sig_intro = "このマークの証明書の電子署名を、登録簿の公開鍵を使ってこのブラウザの中で検証します。",
    .sig_nojs = "電子署名はブラウザで確認していません（JavaScriptが無効です）。状態は登録簿の表示のとおりです。",
    .sig_checking = "ブラウザで電子署名を確認しています…",
    .sig_verified = "電子署名をこのブラウザで確認しました（{time}）",
    .sig_failed = "電子署名が一致しません。このページの表示を信用しないでください。",
    .sig_unavailable =
        "署名未確認: "
        "このブラウザでは電子署名を確認できませんでした（通信できないか、対応していません）。状態は登録簿の表示のとおり"
        "です。",
    .certificate = "証明書",
    .public_keys = "公開鍵 (JWKS)",
    .report_heading = "不正利用を知らせる",
    .report_intro =
        "バッジやQRコードが思わぬ場所に表示されていた、登録内容と一致しない、などを協議会事務局に知らせます。お名前や連"
        "絡先などの個人情報は書かないでください。",
    .report_seen_at = "どこで見ましたか（サイトのアドレス、店舗名、SSIDなど）",
    .report_what = "何がおかしいですか",
    .report_submit = "送信する",
    .report_nojs = "送信にはJavaScriptが必要です。",
    .report_sent = "受け付けました。ありがとうございます。",
    .report_failed = "送信できませんでした。時間をおいてもう一度お試しください。",
    .report_rate = "送信が続いたため受け付けられませんでした。しばらくしてからお試しください。",
    .asked_number = "お調べの番号",
    .not_registered_hint = "番号を読み間違えていないか、登録簿を検索して確かめてください。",
    .neighbours_heading = "他の事業者と共通の名前",
    .neighbours_hint = "SSIDは誰でも同じ名前を付けられます。接続する前に、事業者と場所を確かめてください。",
    .shared_domain_line = "{mine} は {who} と共用しています。理由: {reason}",
    .same_ssid_line = "SSID {mine} は {who} でも使われています。",
    .lookalike_ssid_line = "SSID {mine} は {who} の {theirs} とよく似ています。",
    .mark_word = "マーク",
    .search_heading = "安全・安心マークを検索",
    .search_intro = "サービス名・事業者名・管理番号・ドメイン・SSID・提供場所・法人番号で検索できます。",
    .search_label = "検索語",
    .search_button = "検索",
    .results_heading = "検索結果",
    .results_suffix = "件",
    .no_results = "該当するマークは見つかりませんでした。",
    .next_page = "次の結果",
    .open_verify = "確認ページを開く",
    .about_heading = "安全・安心マークとは",
    .about_1 =
        "インターネット接続サービス安全・安心マーク推進協議会が、セキュリティ、約款の透明性、利用者サポートなどの基準を"
        "満たすサービスごとに付与するマークです。ISP版と公衆無線LAN版があり、毎年更新の審査を受けます。",
    .about_2 = "マークのQRコードを読み取ると、このサイトの確認ページで、その時点の状態と登録内容を確かめられます。",
    .embed_title = "バッジの埋め込み",
    .embed_intro =
        "次のHTMLを、登録ドメインのページに貼り付けてください。バッジは常に最新の状態を表示し、クリックすると確認ページ"
        "が開きます。登録されていないサイトに貼られたバッジには警告が表示されます。",
    .embed_https_note =
        "コードは変えずに貼り付けてください。バッジは https のアドレスのまま読み込みます（https のページから http "
        "のアドレスへは、ブラウザがページの情報を送らないため「掲載サイト未確認」になります）。referrerpolicy "
        "属性は、サイト全体の no-referrer 設定よりも優先され、バッジにサイトのドメインだけを伝えます。",
    .embed_looks_heading = "バッジの3つの表示",
    .embed_look_valid =
        "登録ドメイン（またはそのサブドメイン）のページでは、マークの状態をそのまま表示します。有効なら緑です。",
    .embed_look_foreign =
        "登録されていないサイトのページでは、そのサイト名を示して警告します。ドメインを追加・変更するときは、先に協議会"
        "事務局に届け出てください。",
    .embed_look_not_confirmed =
        "ブラウザがバッジを表示したページを伝えないとき（referrerpolicy 属性を外した、http "
        "で読み込んだ、一部のプライバシー機能など）は、状態は読めますが緑にはならず「掲載サイト未確認」と表示します。",
    .embed_code = "HTMLコード",
    .embed_copy = "コピー",
    .embed_copied = "コピーしました",
    .embed_preview = "プレビュー",
    .embed_downloads = "ダウンロード",
    .embed_badge = "バッジ",
    .embed_qr = "QRコード",
    .embed_english = "英語版",
    .embed_print_note =
        "印刷物には状態が更新されないため、必ずQRコードを添えてください（確認ページで最新の状態が分かります）。",
    .embed_alt_suffix = "（現在の状態は確認ページで）",
    .embed_full_heading = "標準のバッジ（QRコード付き、360×120）",
    .embed_compact_heading = "小さなバッジ（フッター用、240×60）",
    .embed_compact_intro =
        "ページのフッターなど狭い場所には、QRコードのない小さなバッジを使えます。バッジ全体が確認ページへのリンクになり"
        "ます。表示のルールは標準のバッジと同じです。",
    .embed_compact_badge = "小さなバッジ",
    .embed_how_heading = "埋め込みかた",
    .embed_how_1 = "下のHTMLコードをコピーします。",
    .embed_how_2 = "登録ドメイン（またはそのサブドメイン）のページに、変えずに貼り付けます。",
    .embed_how_3 =
        "画像を保存して自分のサーバーに置かないでください。バッジはいつも登録簿から読み込まれ、最新の状態を表示します"
        "。",
    .embed_states_heading = "マークの状態とバッジの表示",
    .embed_states_intro =
        "バッジは登録簿にあるマークの状態を表示します。緑になるのは、有効なマークが登録サイトに表示されているときだけで"
        "す。",
    .official_address = "公式アドレス",
    .address_check =
        "このページの正しいアドレスは {url} "
        "です。アドレス欄を確かめてください。ほかのアドレスで表示されていたら偽のページです。",
    .checked_at = "{time} 時点の登録簿の状態です。",
    .since_valid = "有効期限は {date}（24:00 JST）です。",
    .since_not_yet_valid = "{date} 00:00 JST から有効になります。",
    .since_expired = "{date} 24:00 JST に有効期限が切れました。",
    .since_suspended = "{date} から停止されています。",
    .since_revoked = "{date} に取り消されました。",
    .since_returned = "{date} に返上されました。",
    .report_link = "不正利用・偽サイトを知らせる",
    .domains_example = "例: {domain} の場合、{good} は登録サイトです。{bad1} や {bad2} は違います。",
    .about_contact =
        "マークについての問い合わせ先は協議会事務局です（{site}"
        "）。偽物や不正利用を見つけたら、下のフォームで知らせてください。",
    .council_site = "協議会のサイト",
    .sig_unavailable_word = "署名未確認",
    .cnc_word = "確認できません",
    .cnc_headline = "このページが本物か確認できませんでした",
    .cnc_text =
        "このマークの証明書の電子署名が、登録簿の公開鍵と一致しませんでした。このページの「有効」などの表示を信用しない"
        "でください。",
    .cnc_offsite_text =
        "このページは登録簿の公式アドレスで表示されていません。このページの表示を信用しないでください。",
    .cnc_step_address = "アドレス欄が {url} で始まっているか確かめて、ページを開き直してください。",
    .cnc_step_report = "それでも同じ表示なら、下のフォームで協議会事務局に知らせてください。",
    .search_tips =
        "探しかた: サービス名や事業者名の一部、管理番号（例: J0072）、ドメイン（例: "
        "www.example."
        "jp）、SSID、提供場所、法人番号で検索できます。全角と半角、カタカナとひらがな、大文字と小文字、空白の違いは区別"
        "しません。",
    .no_results_number =
        "管理番号 {q} "
        "のマークは登録簿にありません。この番号を表示しているマークは、正規のものではない可能性があります。",
    .no_results_domain =
        "ドメイン {q} "
        "を登録しているマークはありません。このサイトに表示されているマークは、正規のものではない可能性があります。",
    .near_ssid_word = "別のネットワーク",
    .near_ssid_note =
        "登録されているSSIDは {theirs} "
        "で、入力したものと一字一句同じではありません。SSIDは大文字と小文字も区別するため、別のネットワークです。",
    .error_not_found_title = "ページが見つかりません",
    .error_not_found_text = "アドレスが正しいか確かめてください。マークは管理番号や名前で検索できます。",
    .error_client_title = "このページを開けませんでした",
    .error_client_text = "アドレスを確かめて、もう一度開いてください。",
    .error_server_title = "いまは表示できません",
    .error_server_text =
        "しばらくしてから、もう一度開いてください。状態を確かめられないあいだは、マークを有効とみなさないでください。",
};

const UiText kEn{
    .site_name = "Safety & Security Mark Registry",
    .council = "Internet Connection Service Safety & Security Mark Promotion Council",
    .language = "Language",
    .footer_source = "Everything on this page comes from the council's registry (not from the certificate's own text).",
    .footer_privacy = "This site does not record who looked up which mark.",
    .search_link = "Search the registry",
    .number = "Mark number",
    .scheme = "Scheme",
    .scheme_isp = "ISP",
    .scheme_wifi = "Public Wi-Fi",
    .service = "Service",
    .operator_ = "Operator",
    .corporate_number = "Corporate number",
    .website = "Website",
    .domains = "Registered domains",
    .ssids = "Registered SSIDs",
    .venues = "Venues",
    .validity = "Validity",
    .valid_until = "Valid until",
    .granted = "Granted",
    .first_review = "First review",
    .suspended_at = "Suspended on",
    .revoked_at = "Revoked on",
    .returned_at = "Returned on",
    .reason = "Reason",
    .none = "(none registered)",
    .verify_title = "Mark check",
    .details = "Registered details",
    .compare_heading = "Compare with what is in front of you",
    .domains_hint =
        "The site is registered when the host name in your address bar (after https://, up to the next /) is one of "
        "these domains, or ends with a dot followed by one of them.",
    .ssids_hint =
        "Check that the Wi-Fi network you are joining has exactly one of these SSIDs, upper and lower case included: a "
        "name that differs in one character is another network. Beware of look-alike hotspots.",
    .foreign_before = "This badge was shown on ",
    .foreign_after = ", which is not registered for this mark.",
    .site_not_confirmed_note =
        "If the badge said “site not confirmed”: the browser did not say which page showed it, so the registry has not "
        "confirmed that the page is on a registered site. The mark's status is as on this page. Check that the domain "
        "in the address bar is one of the registered domains above.",
    .mismatch_heading = "If something does not match",
    .mismatch_1 = "Do not enter personal data, passwords or card numbers.",
    .mismatch_2 = "Go to the service's official site yourself, using a registered domain above.",
    .mismatch_wifi = "Do not join a Wi-Fi network whose SSID is not listed; disconnect if you already have.",
    .mismatch_3 = "Tell the council's secretariat where you saw it, with the form below.",
    .sig_heading = "Signature check",
    .sig_intro =
        "Your browser verifies the digital signature on this mark's certificate against the registry's public keys.",
    .sig_nojs =
        "The signature was not checked in your browser (JavaScript is off). The status is as the registry shows it.",
    .sig_checking = "Your browser is checking the signature…",
    .sig_verified = "Signature checked by your browser at {time}",
    .sig_failed = "The signature does not match. Do not rely on this page.",
    .sig_unavailable =
        "Could not check: your browser could not check the signature (no connection, or no support). The status is as "
        "the registry shows it.",
    .certificate = "Certificate",
    .public_keys = "Public keys (JWKS)",
    .report_heading = "Report misuse",
    .report_intro =
        "Tell the council's secretariat if this badge or QR code appeared somewhere unexpected or the details do not "
        "match. Please do not include your name, contact details or other personal data.",
    .report_seen_at = "Where did you see it? (site address, shop name, SSID…)",
    .report_what = "What looked wrong?",
    .report_submit = "Send",
    .report_nojs = "Sending needs JavaScript.",
    .report_sent = "Received. Thank you.",
    .report_failed = "Could not send. Please try again later.",
    .report_rate = "Too many reports just now. Please try again later.",
    .asked_number = "Number asked for",
    .not_registered_hint = "Check that you read the number correctly, or search the registry.",
    .neighbours_heading = "Names shared with other operators",
    .neighbours_hint =
        "Anyone can give a Wi-Fi network any name. Before you connect, check the operator and the place.",
    .shared_domain_line = "{mine} is shared with {who}. Reason: {reason}",
    .same_ssid_line = "SSID {mine} is also used by {who}.",
    .lookalike_ssid_line = "SSID {mine} looks like {theirs} of {who}.",
    .mark_word = "mark",
    .search_heading = "Search Safety & Security Marks",
    .search_intro = "Search by service, operator, mark number, domain, SSID, venue or corporate number.",
    .search_label = "Search terms",
    .search_button = "Search",
    .results_heading = "Results",
    .results_suffix = " found",
    .no_results = "No mark was found.",
    .next_page = "More results",
    .open_verify = "Open the check page",
    .about_heading = "What is the Safety & Security Mark?",
    .about_1 =
        "The council grants the mark per service to internet providers and public Wi-Fi operators that meet its "
        "criteria for security, transparent terms and user support. There are ISP and Public Wi-Fi schemes; each mark "
        "is reviewed for renewal every year.",
    .about_2 =
        "Scan the QR code on a mark to open its check page here and see its current status and registered details.",
    .embed_title = "Embed the badge",
    .embed_intro =
        "Paste this HTML into a page on a registered domain. The badge always shows the current status and opens the "
        "check page when clicked. A badge pasted on a site that is not registered shows a warning.",
    .embed_https_note =
        "Paste the snippet unchanged. It loads the badge from an https address: from an https page a browser sends "
        "nothing about the page to an http address, and the badge would say “site not confirmed”. Its referrerpolicy "
        "attribute overrides a site-wide no-referrer policy and tells the badge your site's domain only.",
    .embed_looks_heading = "The badge's three looks",
    .embed_look_valid =
        "On a page of a registered domain (or a subdomain of one) it shows the mark's status as it is: green when "
        "valid.",
    .embed_look_foreign =
        "On a page of a site that is not registered for the mark it warns, naming that site. Before you add or change "
        "a domain, tell the council's secretariat.",
    .embed_look_not_confirmed =
        "When the browser does not say which page shows it (referrerpolicy removed, loaded over http, some privacy "
        "tools) the status stays readable but the badge is never green and says “site not confirmed”.",
    .embed_code = "HTML code",
    .embed_copy = "Copy",
    .embed_copied = "Copied",
    .embed_preview = "Preview",
    .embed_downloads = "Downloads",
    .embed_badge = "Badge",
    .embed_qr = "QR code",
    .embed_english = "English",
    .embed_print_note =
        "Printed badges cannot update their status: always print the QR code with them (the check page shows the "
        "current status).",
    .embed_alt_suffix = " (current status on the check page)",
    .embed_full_heading = "Standard badge (with QR code, 360×120)",
    .embed_compact_heading = "Compact badge (for footers, 240×60)",
    .embed_compact_intro =
        "Where room is short, such as a page footer, use the compact badge without a QR code. The whole badge links to "
        "the check page. It follows the same rules as the standard badge.",
    .embed_compact_badge = "Compact badge",
    .embed_how_heading = "How to embed the badge",
    .embed_how_1 = "Copy the HTML code below.",
    .embed_how_2 = "Paste it unchanged into pages of a registered domain (or a subdomain of one).",
    .embed_how_3 =
        "Do not save the image and serve it yourself: the badge always loads from the registry and shows the current "
        "status.",
    .embed_states_heading = "The mark's states on the badge",
    .embed_states_intro =
        "The badge shows the mark's status in the registry. It is green only when a valid mark is shown on a "
        "registered site.",
    .official_address = "Official address",
    .address_check = "This page must be at {url}: check your address bar. At any other address it is a copy.",
    .checked_at = "Registry status as of {time}.",
    .since_valid = "Valid until {date} (24:00 JST).",
    .since_not_yet_valid = "Valid from {date}, 00:00 JST.",
    .since_expired = "It expired at the end of {date} (24:00 JST).",
    .since_suspended = "Suspended since {date}.",
    .since_revoked = "Revoked on {date}.",
    .since_returned = "Returned on {date}.",
    .report_link = "Report misuse or a fake site",
    .domains_example = "For example, with {domain}: {good} is registered; {bad1} and {bad2} are not.",
    .about_contact =
        "Questions about the mark go to the council's secretariat ({site}). If you find a fake or misuse, tell them "
        "with the form below.",
    .council_site = "The council's site",
    .sig_unavailable_word = "Could not check",
    .cnc_word = "COULD NOT CONFIRM",
    .cnc_headline = "This page could not be confirmed",
    .cnc_text =
        "The signature on this mark's certificate does not match the registry's public keys. Do not rely on what this "
        "page says, its status included.",
    .cnc_offsite_text = "This page is not shown at the registry's official address. Do not rely on what it says.",
    .cnc_step_address = "Check that the address bar starts with {url}, then open the page again.",
    .cnc_step_report = "If it still says this, tell the council's secretariat with the form below.",
    .search_tips =
        "How to search: part of a service or operator name, a mark number (e.g. J0072), a domain (e.g. "
        "www.example.jp), an SSID, a venue or a corporate number. Full-width or half-width, katakana or hiragana, "
        "upper or lower case and spaces make no difference.",
    .no_results_number = "No mark numbered {q} is in the registry. A mark showing this number may not be genuine.",
    .no_results_domain = "No mark is registered for the domain {q}. A mark shown on this site may not be genuine.",
    .near_ssid_word = "DIFFERENT NETWORK",
    .near_ssid_note =
        "The registered SSID is {theirs}, which is not exactly what you typed. SSIDs are case-sensitive: this is "
        "another network.",
    .error_not_found_title = "Page not found",
    .error_not_found_text = "Check the address. You can search for a mark by its number or name.",
    .error_client_title = "This page could not be opened",
    .error_client_text = "Check the address and open the page again.",
    .error_server_title = "This page cannot be shown right now",
    .error_server_text =
        "Please try again in a moment. Until the status can be checked, do not treat the mark as valid.",
};

const UiText kZh{
    .site_name = "安全安心标志 登记簿",
    .council = "互联网接入服务安全安心标志推进协议会",
    .language = "语言",
    .footer_source = "本页显示的所有内容均来自协议会的登记簿（而非证书本身的记载）。",
    .footer_privacy = "本网站不记录谁查询了哪个标志。",
    .search_link = "搜索登记簿",
    .number = "管理编号",
    .scheme = "类别",
    .scheme_isp = "ISP",
    .scheme_wifi = "公共无线网络",
    .service = "服务",
    .operator_ = "运营者",
    .corporate_number = "法人编号",
    .website = "网站",
    .domains = "登记域名",
    .ssids = "登记SSID",
    .venues = "提供场所",
    .validity = "有效期",
    .valid_until = "有效期至",
    .granted = "授予日期",
    .first_review = "初审机构",
    .suspended_at = "暂停日期",
    .revoked_at = "撤销日期",
    .returned_at = "返还日期",
    .reason = "理由",
    .none = "（未登记）",
    .verify_title = "标志查验",
    .details = "登记内容",
    .compare_heading = "请与您眼前的内容进行比较",
    .domains_hint =
        "当地址栏中的主机名（https:// 之后到下一个 / "
        "为止）与以下某个域名相同，或以“.”加上其中某个域名结尾时，才是登记的网站。",
    .ssids_hint =
        "请确认您要连接的Wi-"
        "Fi的SSID与以下之一完全一致（包括大小写）。只要有一个字符不同，就是另一个网络。请注意名称相似的虚假热点。",
    .foreign_before = "此徽章显示在 ",
    .foreign_after = " 上，但该网站并未登记在此标志下。",
    .site_not_confirmed_note =
        "如果徽章上显示“网站未确认”：浏览器没有告知显示徽章的页面，因此登记簿未确认该页面是否位于登记的网站上。标志的状"
        "态以本页为准。请确认地址栏中的域名是否为上面的登记域名之一。",
    .mismatch_heading = "如果内容不一致",
    .mismatch_1 = "请勿输入个人信息、密码或银行卡号。",
    .mismatch_2 = "请通过上面的登记域名，自行访问该服务的官方网站。",
    .mismatch_wifi = "请勿连接SSID不在列表中的Wi-Fi；如已连接，请断开。",
    .mismatch_3 = "请通过下面的表格告知协议会事务局您在何处看到。",
    .sig_heading = "电子签名验证",
    .sig_intro = "您的浏览器将使用登记簿的公钥验证此标志证书的电子签名。",
    .sig_nojs = "未在浏览器中验证电子签名（JavaScript已关闭）。状态以登记簿的显示为准。",
    .sig_checking = "浏览器正在验证电子签名…",
    .sig_verified = "您的浏览器已于 {time} 验证电子签名",
    .sig_failed = "电子签名不一致。请勿相信本页内容。",
    .sig_unavailable = "无法验证：您的浏览器无法验证电子签名（无法连接或不支持）。状态以登记簿的显示为准。",
    .certificate = "证书",
    .public_keys = "公钥 (JWKS)",
    .report_heading = "举报滥用",
    .report_intro =
        "如果此徽章或二维码出现在意外的地方，或内容不一致，请告知协议会事务局。请勿填写姓名、联系方式等个人信息。",
    .report_seen_at = "您在哪里看到的？（网址、店名、SSID等）",
    .report_what = "哪里不对？",
    .report_submit = "发送",
    .report_nojs = "发送需要JavaScript。",
    .report_sent = "已收到，谢谢。",
    .report_failed = "无法发送，请稍后再试。",
    .report_rate = "发送过于频繁，请稍后再试。",
    .asked_number = "查询的编号",
    .not_registered_hint = "请确认编号是否正确，或搜索登记簿。",
    .neighbours_heading = "与其他运营者相同的名称",
    .neighbours_hint = "任何人都可以给Wi-Fi网络起任何名字。连接之前，请确认运营者和地点。",
    .shared_domain_line = "{mine} 与 {who} 共用。理由：{reason}",
    .same_ssid_line = "SSID {mine} 也被 {who} 使用。",
    .lookalike_ssid_line = "SSID {mine} 与 {who} 的 {theirs} 非常相似。",
    .mark_word = "标志",
    .search_heading = "搜索安全安心标志",
    .search_intro = "可按服务名称、运营者、管理编号、域名、SSID、提供场所或法人编号搜索。",
    .search_label = "搜索词",
    .search_button = "搜索",
    .results_heading = "搜索结果",
    .results_suffix = " 条",
    .no_results = "没有找到符合条件的标志。",
    .next_page = "更多结果",
    .open_verify = "打开查验页面",
    .about_heading = "什么是安全安心标志？",
    .about_1 =
        "该标志由互联网接入服务安全安心标志推进协议会，按服务授予符合安全、条款透明度和用户支持等标准的互联网服务提供商"
        "和公共Wi-Fi运营者。分为ISP版和公共无线网络版，每年进行更新审查。",
    .about_2 = "扫描标志上的二维码，即可在本网站的查验页面确认其当前状态和登记内容。",
    .embed_title = "嵌入徽章",
    .embed_intro = "请将以下HTML粘贴到登记域名的页面中。",
    .embed_https_note =
        "请原样粘贴代码。徽章通过 https 地址加载（从 https 页面访问 http "
        "地址时，浏览器不会发送页面信息，徽章会显示“网站未确认”）。referrerpolicy 属性优先于全站的 no-referrer "
        "设置，只告知徽章您网站的域名。",
    .embed_looks_heading = "徽章的三种显示",
    .embed_look_valid = "在登记域名（或其子域名）的页面上，按原样显示标志的状态；有效时为绿色。",
    .embed_look_foreign = "在未登记的网站页面上，显示警告并注明该网站。添加或更改域名前，请先告知协议会事务局。",
    .embed_look_not_confirmed =
        "当浏览器没有告知显示徽章的页面时（删除了 referrerpolicy 属性、通过 http "
        "加载、某些隐私功能等），状态仍可读，但不会显示绿色，并显示“网站未确认”。",
    .embed_code = "HTML代码",
    .embed_copy = "复制",
    .embed_copied = "已复制",
    .embed_preview = "预览",
    .embed_downloads = "下载",
    .embed_badge = "徽章",
    .embed_qr = "二维码",
    .embed_english = "英文版",
    .embed_print_note = "印刷品无法更新状态，请务必同时印上二维码。",
    .embed_alt_suffix = "（当前状态请在查验页面确认）",
    .embed_full_heading = "标准徽章（带二维码，360×120）",
    .embed_compact_heading = "小徽章（用于页脚，240×60）",
    .embed_compact_intro = "页脚等空间较小的位置可使用不带二维码的小徽章。整个徽章链接到查验页面。",
    .embed_compact_badge = "小徽章",
    .embed_how_heading = "嵌入方法",
    .embed_how_1 = "复制下面的HTML代码。",
    .embed_how_2 = "原样粘贴到登记域名（或其子域名）的页面中。",
    .embed_how_3 = "请勿保存图片并放在自己的服务器上：徽章始终从登记簿加载，显示最新状态。",
    .embed_states_heading = "标志的状态与徽章的显示",
    .embed_states_intro = "徽章显示登记簿中标志的状态。只有有效的标志显示在登记的网站上时才是绿色。",
    .official_address = "官方网址",
    .address_check = "本页的正确地址是 {url}。请检查浏览器地址栏。如果地址不同，则是伪造的页面。",
    .checked_at = "登记簿截至 {time} 的状态。",
    .since_valid = "有效期至 {date}（日本时间24:00）。",
    .since_not_yet_valid = "自 {date} 日本时间00:00起生效。",
    .since_expired = "已于 {date} 日本时间24:00到期。",
    .since_suspended = "自 {date} 起被暂停。",
    .since_revoked = "已于 {date} 被撤销。",
    .since_returned = "已于 {date} 返还。",
    .report_link = "举报滥用或虚假网站",
    .domains_example = "例如 {domain}：{good} 是登记的网站；{bad1} 和 {bad2} 则不是。",
    .about_contact = "有关标志的咨询请联系协议会事务局（{site}）。如发现伪造或滥用，请通过下面的表格告知。",
    .council_site = "协议会网站",
    .sig_unavailable_word = "无法验证",
    .cnc_word = "无法确认",
    .cnc_headline = "无法确认本页是否真实",
    .cnc_text = "此标志证书的电子签名与登记簿的公钥不一致。请勿相信本页的显示（包括“有效”等状态）。",
    .cnc_offsite_text = "本页并未显示在登记簿的官方网址上。请勿相信本页的内容。",
    .cnc_step_address = "请确认地址栏以 {url} 开头，然后重新打开页面。",
    .cnc_step_report = "如果仍然显示此内容，请通过下面的表格告知协议会事务局。",
    .search_tips =
        "搜索方法：可按服务名称或运营者名称的一部分、管理编号（例：J0072）、域名（例：www.example."
        "jp）、SSID、提供场所或法人编号搜索。不区分全角与半角、片假名与平假名、大小写以及空格。",
    .no_results_number = "登记簿中没有管理编号为 {q} 的标志。显示此编号的标志可能不是正规的。",
    .no_results_domain = "没有登记域名 {q} 的标志。此网站上显示的标志可能不是正规的。",
    .near_ssid_word = "不同的网络",
    .near_ssid_note = "登记的SSID是 {theirs}，与您输入的并不完全相同。SSID区分大小写：这是另一个网络。",
    .error_not_found_title = "找不到页面",
    .error_not_found_text = "请确认地址是否正确。可以按管理编号或名称搜索标志。",
    .error_client_title = "无法打开此页面",
    .error_client_text = "请确认地址后重新打开。",
    .error_server_title = "暂时无法显示",
    .error_server_text = "请稍后再试。在无法确认状态期间，请勿将标志视为有效。",
};

const UiText kKo{
    .site_name = "안전・안심 마크 등록부",
    .council = "인터넷 접속 서비스 안전・안심 마크 추진 협의회",
    .language = "언어",
    .footer_source = "이 페이지의 모든 내용은 협의회 등록부의 데이터입니다(인증서 자체의 기재 내용이 아닙니다).",
    .footer_privacy = "이 사이트는 누가 어떤 마크를 조회했는지 기록하지 않습니다.",
    .search_link = "등록부 검색",
    .number = "관리번호",
    .scheme = "종류",
    .scheme_isp = "ISP",
    .scheme_wifi = "공중 무선 LAN",
    .service = "서비스",
    .operator_ = "사업자",
    .corporate_number = "법인번호",
    .website = "웹사이트",
    .domains = "등록 도메인",
    .ssids = "등록 SSID",
    .venues = "제공 장소",
    .validity = "유효기간",
    .valid_until = "유효기한",
    .granted = "부여일",
    .first_review = "1차 심사",
    .suspended_at = "정지일",
    .revoked_at = "취소일",
    .returned_at = "반납일",
    .reason = "사유",
    .none = "(등록 없음)",
    .verify_title = "마크 확인",
    .details = "등록 내용",
    .compare_heading = "눈앞의 것과 비교하세요",
    .domains_hint =
        "주소 표시줄의 호스트 이름(https:// 다음부터 다음 / 까지)이 다음 도메인 중 하나와 같거나, '.' 뒤에 그중 하나가 "
        "붙은 형태로 끝나면 등록된 사이트입니다.",
    .ssids_hint =
        "접속하려는 Wi-Fi의 SSID가 다음 중 하나와 대소문자까지 정확히 일치하는지 확인하세요. 한 글자라도 다르면 다른 "
        "네트워크입니다. 이름이 비슷한 가짜 핫스팟에 주의하세요.",
    .foreign_before = "이 배지는 ",
    .foreign_after = "에 표시되어 있었지만, 이 사이트는 이 마크에 등록되어 있지 않습니다.",
    .site_not_confirmed_note =
        "배지에 '사이트 미확인'이라고 표시되었다면: 브라우저가 배지를 표시한 페이지를 알려 주지 않아 등록된 사이트인지 "
        "확인하지 않았습니다. 마크의 상태는 이 페이지에 표시된 대로입니다. 주소 표시줄의 도메인이 위의 등록 도메인 중 "
        "하나인지 확인하세요.",
    .mismatch_heading = "일치하지 않을 때",
    .mismatch_1 = "개인정보, 비밀번호, 카드 번호를 입력하지 마세요.",
    .mismatch_2 = "위의 등록 도메인을 통해 서비스의 공식 사이트에 직접 접속하세요.",
    .mismatch_wifi = "SSID가 목록에 없는 Wi-Fi에는 접속하지 마세요. 이미 접속했다면 연결을 끊으세요.",
    .mismatch_3 = "아래 양식으로 어디에서 보았는지 협의회 사무국에 알려 주세요.",
    .sig_heading = "전자서명 확인",
    .sig_intro = "브라우저가 등록부의 공개키로 이 마크 인증서의 전자서명을 검증합니다.",
    .sig_nojs =
        "브라우저에서 전자서명을 확인하지 않았습니다(JavaScript가 꺼져 있음). 상태는 등록부에 표시된 대로입니다.",
    .sig_checking = "브라우저가 전자서명을 확인하는 중…",
    .sig_verified = "브라우저가 {time}에 전자서명을 확인했습니다",
    .sig_failed = "전자서명이 일치하지 않습니다. 이 페이지를 믿지 마세요.",
    .sig_unavailable =
        "검사 불가: 브라우저가 전자서명을 확인하지 못했습니다(통신 불가 또는 미지원). 상태는 등록부에 표시된 "
        "대로입니다.",
    .certificate = "인증서",
    .public_keys = "공개키 (JWKS)",
    .report_heading = "부정 사용 신고",
    .report_intro =
        "이 배지나 QR 코드가 예상치 못한 곳에 표시되었거나 내용이 일치하지 않으면 협의회 사무국에 알려 주세요. "
        "이름이나 연락처 등 개인정보는 적지 마세요.",
    .report_seen_at = "어디에서 보았습니까? (사이트 주소, 가게 이름, SSID 등)",
    .report_what = "무엇이 이상합니까?",
    .report_submit = "보내기",
    .report_nojs = "보내려면 JavaScript가 필요합니다.",
    .report_sent = "접수되었습니다. 감사합니다.",
    .report_failed = "보낼 수 없었습니다. 잠시 후 다시 시도하세요.",
    .report_rate = "요청이 너무 많습니다. 잠시 후 다시 시도하세요.",
    .asked_number = "조회한 번호",
    .not_registered_hint = "번호를 잘못 읽지 않았는지 확인하거나 등록부를 검색하세요.",
    .neighbours_heading = "다른 사업자와 같은 이름",
    .neighbours_hint = "Wi-Fi 이름은 누구나 같게 붙일 수 있습니다. 연결하기 전에 사업자와 장소를 확인하세요.",
    .shared_domain_line = "{mine}은(는) {who}와(과) 함께 사용합니다. 이유: {reason}",
    .same_ssid_line = "SSID {mine}은(는) {who}에서도 사용됩니다.",
    .lookalike_ssid_line = "SSID {mine}은(는) {who}의 {theirs}와(과) 매우 비슷합니다.",
    .mark_word = "마크",
    .search_heading = "안전・안심 마크 검색",
    .search_intro = "서비스명, 사업자명, 관리번호, 도메인, SSID, 제공 장소, 법인번호로 검색할 수 있습니다.",
    .search_label = "검색어",
    .search_button = "검색",
    .results_heading = "검색 결과",
    .results_suffix = "건",
    .no_results = "해당하는 마크를 찾지 못했습니다.",
    .next_page = "다음 결과",
    .open_verify = "확인 페이지 열기",
    .about_heading = "안전・안심 마크란?",
    .about_1 =
        "인터넷 접속 서비스 안전・안심 마크 추진 협의회가 보안, 약관의 투명성, 이용자 지원 등의 기준을 충족하는 "
        "서비스별로 부여하는 마크입니다. ISP판과 공중 무선 LAN판이 있으며 매년 갱신 심사를 받습니다.",
    .about_2 = "마크의 QR 코드를 읽으면 이 사이트의 확인 페이지에서 현재 상태와 등록 내용을 확인할 수 있습니다.",
    .embed_title = "배지 삽입",
    .embed_intro = "다음 HTML을 등록 도메인의 페이지에 붙여 넣으세요.",
    .embed_https_note =
        "코드를 그대로 붙여 넣으세요. 배지는 https 주소에서 불러옵니다(https 페이지에서 http 주소로는 브라우저가 "
        "페이지 정보를 보내지 않아 '사이트 미확인'으로 표시됩니다). referrerpolicy 속성은 사이트 전체의 no-referrer "
        "설정보다 우선하며, 배지에 사이트의 도메인만 알립니다.",
    .embed_looks_heading = "배지의 세 가지 표시",
    .embed_look_valid =
        "등록 도메인(또는 그 하위 도메인)의 페이지에서는 마크의 상태를 그대로 표시합니다. 유효하면 녹색입니다.",
    .embed_look_foreign =
        "등록되지 않은 사이트의 페이지에서는 그 사이트를 밝혀 경고합니다. 도메인을 추가하거나 바꾸기 전에 협의회 "
        "사무국에 알려 주세요.",
    .embed_look_not_confirmed =
        "브라우저가 배지를 표시한 페이지를 알려 주지 않을 때(referrerpolicy 속성 삭제, http로 불러옴, 일부 개인정보 "
        "보호 기능 등)는 상태는 읽을 수 있지만 녹색이 되지 않고 '사이트 미확인'으로 표시됩니다.",
    .embed_code = "HTML 코드",
    .embed_copy = "복사",
    .embed_copied = "복사했습니다",
    .embed_preview = "미리 보기",
    .embed_downloads = "다운로드",
    .embed_badge = "배지",
    .embed_qr = "QR 코드",
    .embed_english = "영어판",
    .embed_print_note = "인쇄물은 상태가 갱신되지 않으므로 반드시 QR 코드를 함께 인쇄하세요.",
    .embed_alt_suffix = " (현재 상태는 확인 페이지에서)",
    .embed_full_heading = "표준 배지(QR 코드 포함, 360×120)",
    .embed_compact_heading = "작은 배지(푸터용, 240×60)",
    .embed_compact_intro =
        "푸터처럼 좁은 곳에는 QR 코드가 없는 작은 배지를 쓸 수 있습니다. 배지 전체가 확인 페이지로 연결됩니다.",
    .embed_compact_badge = "작은 배지",
    .embed_how_heading = "삽입 방법",
    .embed_how_1 = "아래 HTML 코드를 복사합니다.",
    .embed_how_2 = "등록 도메인(또는 그 하위 도메인)의 페이지에 그대로 붙여 넣습니다.",
    .embed_how_3 = "이미지를 저장해 자체 서버에 두지 마세요. 배지는 항상 등록부에서 불러와 최신 상태를 표시합니다.",
    .embed_states_heading = "마크의 상태와 배지 표시",
    .embed_states_intro =
        "배지는 등록부에 있는 마크의 상태를 표시합니다. 유효한 마크가 등록된 사이트에 표시될 때만 녹색입니다.",
    .official_address = "공식 주소",
    .address_check =
        "이 페이지의 올바른 주소는 {url} 입니다. 주소 표시줄을 확인하세요. 다른 주소라면 가짜 페이지입니다.",
    .checked_at = "{time} 기준 등록부의 상태입니다.",
    .since_valid = "유효기한은 {date}(일본 시간 24:00)까지입니다.",
    .since_not_yet_valid = "{date} 일본 시간 00:00부터 유효합니다.",
    .since_expired = "{date} 일본 시간 24:00에 유효기간이 만료되었습니다.",
    .since_suspended = "{date}부터 정지되었습니다.",
    .since_revoked = "{date}에 취소되었습니다.",
    .since_returned = "{date}에 반납되었습니다.",
    .report_link = "부정 사용·가짜 사이트 신고",
    .domains_example = "예: {domain}의 경우 {good}은(는) 등록된 사이트이지만 {bad1}, {bad2}은(는) 아닙니다.",
    .about_contact =
        "마크에 관한 문의는 협의회 사무국({site})으로 하세요. 가짜나 부정 사용을 발견하면 아래 양식으로 알려 주세요.",
    .council_site = "협의회 사이트",
    .sig_unavailable_word = "검사 불가",
    .cnc_word = "확인할 수 없음",
    .cnc_headline = "이 페이지가 진짜인지 확인할 수 없었습니다",
    .cnc_text =
        "이 마크 인증서의 전자서명이 등록부의 공개키와 일치하지 않았습니다. 이 페이지의 '유효' 등의 표시를 믿지 "
        "마세요.",
    .cnc_offsite_text = "이 페이지는 등록부의 공식 주소에서 표시되고 있지 않습니다. 이 페이지의 내용을 믿지 마세요.",
    .cnc_step_address = "주소 표시줄이 {url}(으)로 시작하는지 확인한 뒤 페이지를 다시 여세요.",
    .cnc_step_report = "그래도 같은 표시가 나오면 아래 양식으로 협의회 사무국에 알려 주세요.",
    .search_tips =
        "검색 방법: 서비스명이나 사업자명의 일부, 관리번호(예: J0072), 도메인(예: www.example.jp), SSID, 제공 장소, "
        "법인번호로 검색할 수 있습니다. 전각과 반각, 가타카나와 히라가나, 대문자와 소문자, 공백의 차이는 구별하지 "
        "않습니다.",
    .no_results_number =
        "관리번호 {q}의 마크는 등록부에 없습니다. 이 번호를 표시한 마크는 정규 마크가 아닐 수 있습니다.",
    .no_results_domain =
        "도메인 {q}을(를) 등록한 마크가 없습니다. 이 사이트에 표시된 마크는 정규 마크가 아닐 수 있습니다.",
    .near_ssid_word = "다른 네트워크",
    .near_ssid_note =
        "등록된 SSID는 {theirs}(으)로, 입력한 것과 정확히 같지 않습니다. SSID는 대소문자를 구분하므로 다른 "
        "네트워크입니다.",
    .error_not_found_title = "페이지를 찾을 수 없습니다",
    .error_not_found_text = "주소가 맞는지 확인하세요. 관리번호나 이름으로 마크를 검색할 수 있습니다.",
    .error_client_title = "이 페이지를 열 수 없었습니다",
    .error_client_text = "주소를 확인하고 다시 여세요.",
    .error_server_title = "지금은 표시할 수 없습니다",
    .error_server_text = "잠시 후 다시 여세요. 상태를 확인할 수 없는 동안에는 마크를 유효한 것으로 보지 마세요.",
};

}  // namespace

const UiText& UiTextFor(Lang lang) {
  switch (lang) {
    case Lang::kJa: return kJa;
    case Lang::kEn: return kEn;
    case Lang::kZh: return kZh;
    case Lang::kKo: return kKo;
  }
  return kJa;
}

std::string_view ReviewBodyName(char body, Lang lang) {
  const bool ja = lang == Lang::kJa;
  switch (body) {
    case 'J':
      return ja ? "JAIPA（日本インターネットプロバイダー協会）" : "JAIPA (Japan Internet Providers Association)";
    case 'T': return ja ? "TELESA（テレコムサービス協会）" : "TELESA (Telecom Services Association)";
    case 'D': return ja ? "TCA（電気通信事業者協会）" : "TCA (Telecommunications Carriers Association)";
    default: return "?";
  }
}

}  // namespace mark::pages
