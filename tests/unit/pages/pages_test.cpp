#include <catch2/catch.hpp>
#include <chrono>
#include <regex>
#include <utility>
#include <vector>

#include "common/html_escape.h"
#include "pages/page_embed.h"
#include "pages/page_search.h"
#include "pages/page_text.h"
#include "pages/page_verify.h"
#include "badge/verdict.h"
#include "unit/badge/badge_test_util.h"

using namespace mark;
using namespace mark::badge;
using namespace mark::pages;
using namespace std::chrono;

namespace {

const std::string kPublic = "https://registry.example.jp";

MarkView IspMark(MarkStatus status = MarkStatus::kValid) {
  MarkView v;
  v.mark.number = "J0072";
  v.mark.first_review_body = 'J';
  v.mark.valid_from = year{2025} / 11 / 27;
  v.mark.valid_until = year{2026} / 11 / 26;
  v.mark.granted_at = sys_days{year{2025} / 11 / 20} + hours{1};
  v.service.scheme = Scheme::kIsp;
  v.service.name = "さくらネット光";
  v.service.name_en = "Sakura Net Hikari";
  v.service.domains = {"sakura-net.example.jp", "www.sakura-net.example.jp"};
  v.op.name = "さくらネット株式会社";
  v.op.name_en = "Sakura Net Co., Ltd.";
  v.op.corporate_number = "1234567890123";
  v.op.website = "https://sakura-net.example.jp/";
  v.status = status;
  if (status == MarkStatus::kRevoked) {
    v.mark.revoked = true;
    v.mark.revoked_at = sys_days{year{2026} / 2 / 3};
    v.mark.revocation_reason = "審査基準違反";
  }
  if (status == MarkStatus::kReturned) {
    v.mark.returned = true;
    v.mark.returned_at = sys_days{year{2026} / 3 / 31};
    v.mark.return_reason = "サービス終了";
    v.mark.return_code = "service_ended";
  }
  if (status == MarkStatus::kSuspended) {
    v.mark.suspended = true;
    v.mark.suspended_at = sys_days{year{2026} / 1 / 10};
    v.mark.suspension_reason = "更新書類の不備";
  }
  return v;
}

MarkView WifiMark() {
  MarkView v = IspMark();
  v.mark.number = "T0150";
  v.mark.first_review_body = 'T';
  v.service.scheme = Scheme::kWifi;
  v.service.name = "まちなかフリーWi-Fi";
  v.service.name_en = "Machinaka Free Wi-Fi";
  v.service.domains = {"machinaka-wifi.example.jp"};
  v.service.ssids = {"Machinaka_Free_WiFi", "Machinaka_Free_WiFi_5G"};
  v.service.venues = {"駅前広場", "中央商店街"};
  return v;
}

VerifyPageInput Verify(std::optional<MarkView> v, Lang lang = Lang::kJa) {
  VerifyPageInput in;
  in.lang = lang;
  in.view = std::move(v);
  in.number = in.view ? in.view->mark.number : "J9999";
  in.issuer = kPublic;
  return in;
}

bool Has(const std::string& h, const std::string& s) { return h.find(s) != std::string::npos; }

// Attribute names of every tag in `html`, parsed the way a browser would for
// the double-quoted attributes the renderers write. Escaped registry text
// never holds a raw < or >, so tags are exactly the <...> spans. Returns
// false when a tag does not parse (an attribute broken out of its quotes).
bool TagAttributes(const std::string& html, std::vector<std::pair<std::string, std::string>>* out) {
  const std::regex tag("<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator(); ++it) {
    std::string rest = (*it)[2].str();
    size_t i = 0;
    while (i < rest.size()) {
      if (rest[i] == ' ' || rest[i] == '\n' || rest[i] == '/') {
        ++i;
        continue;
      }
      size_t start = i;
      while (i < rest.size() && rest[i] != '=' && rest[i] != ' ' && rest[i] != '/') ++i;
      std::string name = rest.substr(start, i - start);
      std::string value;
      if (i < rest.size() && rest[i] == '=') {
        if (i + 1 >= rest.size() || rest[i + 1] != '"') return false;
        size_t end = rest.find('"', i + 2);
        if (end == std::string::npos) return false;
        value = rest.substr(i + 2, end - i - 2);
        i = end + 1;
        if (i < rest.size() && rest[i] != ' ' && rest[i] != '/') return false;
      }
      out->emplace_back(name, value);
    }
  }
  return true;
}

// The CSP promise: no inline script, no handlers, no inline style, no
// javascript: links; and every attribute parses (none was broken open).
void CheckCspClean(const std::string& html) {
  CHECK_FALSE(std::regex_search(html, std::regex("<script(?![^>]*\\bsrc=)[^>]*>", std::regex::icase)));
  CHECK_FALSE(Has(html, "<style"));
  std::vector<std::pair<std::string, std::string>> attrs;
  REQUIRE(TagAttributes(html, &attrs));
  for (const auto& [name, value] : attrs) {
    INFO(name << "=" << value);
    CHECK(name.rfind("on", 0) != 0);
    CHECK(name != "style");
    if (name == "href" || name == "src" || name == "action") CHECK(value.find("javascript:") == std::string::npos);
  }
}

}  // namespace

TEST_CASE("verify page: valid ISP mark, Japanese") {
  const std::string h = RenderVerifyPage(Verify(IspMark()));
  mark::testing::MaybeDump("verify-valid-ja.html", h);
  CHECK(Has(h, "<html lang=\"ja\">"));
  CHECK(Has(h, "このマークは有効です"));
  CHECK(Has(h, "st-valid"));
  CHECK(Has(h, "sakura-net.example.jp"));
  CHECK(Has(h, "さくらネット株式会社"));
  CHECK(Has(h, "2026-11-26"));
  CHECK(Has(h, "2025-11-27"));
  CHECK(Has(h, "JAIPA"));
  CHECK(Has(h, "data-number=\"J0072\""));
  CHECK(Has(h, "data-cert-url=\"/api/v1/marks/J0072/certificate\""));
  CHECK(Has(h, "data-jwks-url=\"/.well-known/jwks.json\""));
  CHECK(Has(h, "data-iss=\"https://registry.example.jp\""));
  CHECK(Has(h, "<script src=\"/static/verify.js\" defer></script>"));
  CHECK(Has(h, "href=\"/static/site.css\""));
  CHECK(Has(h, "id=\"report-form\""));
  CHECK(Has(h, "name=\"seen_at\""));
  CHECK(Has(h, "name=\"what\""));
  CHECK(Has(h, "?lang=en"));
  // The no-JS text says the signature was NOT checked.
  CHECK(Has(h, "sig-unchecked"));
  CHECK(Has(h, "電子署名はブラウザで確認していません"));
  CheckCspClean(h);
}

TEST_CASE("verify page: every status has its own words and never the valid class") {
  struct Case {
    MarkStatus st;
    const char* ja;
    const char* en;
    const char* cls;
  };
  for (const Case& c : {Case{MarkStatus::kSuspended, "停止中", "This mark is suspended", "st-suspended"},
                        Case{MarkStatus::kRevoked, "取り消されています", "This mark has been revoked", "st-revoked"},
                        Case{MarkStatus::kReturned, "返上されています", "This mark has been returned", "st-returned"},
                        Case{MarkStatus::kExpired, "有効期限が切れています", "This mark has expired", "st-expired"},
                        Case{MarkStatus::kNotYetValid, "まだ有効ではありません", "not valid yet", "st-not-yet-valid"},
                        Case{MarkStatus::kUnknown, "確認不可", "CANNOT CHECK", "st-unknown"}}) {
    const std::string ja = RenderVerifyPage(Verify(IspMark(c.st)));
    const std::string en = RenderVerifyPage(Verify(IspMark(c.st), Lang::kEn));
    INFO(ToString(c.st));
    CHECK(Has(ja, c.ja));
    CHECK(Has(en, c.en));
    CHECK(Has(ja, c.cls));
    CHECK_FALSE(Has(ja, "st-valid"));
    CHECK_FALSE(Has(en, "st-valid"));
    CHECK(Has(en, "<html lang=\"en\">"));
    mark::testing::MaybeDump("verify-" + std::string(ToString(c.st)) + "-ja.html", ja);
    mark::testing::MaybeDump("verify-" + std::string(ToString(c.st)) + "-en.html", en);
  }
  const std::string revoked = RenderVerifyPage(Verify(IspMark(MarkStatus::kRevoked)));
  CHECK(Has(revoked, "審査基準違反"));
  CHECK(Has(revoked, "2026-02-03"));
  // A return is no sanction: its words say so in every language, and never
  // the revocation's.
  const std::string returned = RenderVerifyPage(Verify(IspMark(MarkStatus::kReturned)));
  CHECK(Has(returned, "サービス終了"));
  CHECK(Has(returned, "2026-03-31"));
  CHECK(Has(returned, "返上日"));
  CHECK(Has(returned, "処分によるものではありません"));
  CHECK_FALSE(Has(returned, "取り消"));
  CHECK(Has(RenderVerifyPage(Verify(IspMark(MarkStatus::kReturned), Lang::kEn)), "This is not a sanction"));
  CHECK(Has(RenderVerifyPage(Verify(IspMark(MarkStatus::kReturned), Lang::kZh)), "这不是处罚"));
  CHECK(Has(RenderVerifyPage(Verify(IspMark(MarkStatus::kReturned), Lang::kKo)), "제재가 아닙니다"));
  // A status the registry cannot decide, in every page language.
  CHECK(Has(RenderVerifyPage(Verify(IspMark(MarkStatus::kUnknown), Lang::kZh)), "无法确认"));
  CHECK(Has(RenderVerifyPage(Verify(IspMark(MarkStatus::kUnknown), Lang::kKo)), "확인 불가"));
}

TEST_CASE("verify page: shared domains and other operators' same or look-alike SSIDs are listed") {
  VerifyPageInput in = Verify(WifiMark(), Lang::kEn);
  CHECK_FALSE(Has(RenderVerifyPage(in), "id=\"neighbours\""));
  in.neighbours = {{IdentifierNeighbour::Kind::kSharedDomain, "machinaka-wifi.example.jp", "example.jp", "J0003",
                    "駅ネット", "Eki Net", "駅株式会社", "Eki K.K.", "<b>joint venture</b>"},
                   {IdentifierNeighbour::Kind::kSameSsid, "Machinaka_Free_WiFi", "Machinaka_Free_WiFi", "T0200",
                    "カフェ", "Cafe <x>", "カフェ株式会社", "Cafe K.K.", ""},
                   {IdentifierNeighbour::Kind::kLookalikeSsid, "Machinaka_Free_WiFi_5G", "MACHINAKA-FREE-WIFI-5G", "",
                    "似たもの", "Lookalike", "似た株式会社", "Lookalike K.K.", ""}};
  const std::string h = RenderVerifyPage(in);
  mark::testing::MaybeDump("verify-neighbours-en.html", h);
  CHECK(Has(h, "id=\"neighbours\""));
  CHECK(Has(h, "is shared with"));
  CHECK(Has(h, "&lt;b&gt;joint venture&lt;/b&gt;"));
  CHECK(Has(h, "<a href=\"/v/J0003\">Eki Net</a>"));
  CHECK(Has(
      h, "is also used by <a href=\"/v/T0200\">Cafe &lt;x&gt;</a> (Cafe K.K., mark <span class=\"num\">T0200</span>)"));
  CHECK(Has(h, "looks like <code>MACHINAKA-FREE-WIFI-5G</code> of Lookalike (Lookalike K.K.)"));
  CHECK(Has(h, "Anyone can give a Wi-Fi network any name"));
  CheckCspClean(h);
  in.lang = Lang::kJa;
  const std::string ja = RenderVerifyPage(in);
  CHECK(Has(ja, "でも使われています"));
  CHECK(Has(ja, "<a href=\"/v/T0200\">カフェ</a>"));
  for (Lang l : {Lang::kZh, Lang::kKo}) {
    in.lang = l;
    CHECK(Has(RenderVerifyPage(in), "T0200"));
  }
}

TEST_CASE("verify page: Wi-Fi lists SSIDs and venues") {
  const std::string h = RenderVerifyPage(Verify(WifiMark(), Lang::kEn));
  mark::testing::MaybeDump("verify-wifi-en.html", h);
  CHECK(Has(h, "Machinaka_Free_WiFi_5G"));
  CHECK(Has(h, "駅前広場"));
  CHECK(Has(h, "Registered SSIDs"));
  CHECK(Has(h, "look-alike"));
  CHECK(Has(h, "TELESA"));
  mark::testing::MaybeDump("verify-wifi-ja.html", RenderVerifyPage(Verify(WifiMark())));
  for (Lang l : {Lang::kZh, Lang::kKo}) {
    const std::string x = RenderVerifyPage(Verify(WifiMark(), l));
    CHECK(Has(x, l == Lang::kZh ? "<html lang=\"zh-Hans\">" : "<html lang=\"ko\">"));
    CheckCspClean(x);
    mark::testing::MaybeDump("verify-wifi-" + std::string(LangCode(l)) + ".html", x);
  }
}

TEST_CASE("verify page: foreign host warning") {
  VerifyPageInput in = Verify(IspMark());
  in.foreign_host = "copycat.example.com";
  const std::string h = RenderVerifyPage(in);
  mark::testing::MaybeDump("verify-foreign-ja.html", h);
  CHECK(Has(h, "copycat.example.com"));
  CHECK(Has(h, "このマークに登録されていません"));
  CHECK(Has(h, "st-foreign"));
  CHECK_FALSE(Has(h, "verdict st-valid"));
  // Prefilled where it was seen.
  CHECK(Has(h, "name=\"seen_at\" type=\"text\" maxlength=\"500\" autocomplete=\"off\" value=\"copycat.example.com\""));
  in.lang = Lang::kEn;
  CHECK(Has(RenderVerifyPage(in),
            "This badge was shown on <strong class=\"host\"><span class=\"domain\"><span "
            "class=\"dl\">copycat</span><wbr><span class=\"dl\">.example</span><wbr><span "
            "class=\"dl\">.com</span></span></strong>, which is not registered for this mark."));
}

TEST_CASE("verify page: a page without a Referer is the plain answer and explains a \"site not confirmed\" badge") {
  // A QR scan sends no Referer: the page itself is not the badge's variant.
  for (Lang lang : {Lang::kJa, Lang::kEn, Lang::kZh, Lang::kKo}) {
    const std::string h = RenderVerifyPage(Verify(IspMark(), lang));
    INFO(LangCode(lang));
    CHECK(Has(h, "class=\"verdict st-valid\""));
    CHECK_FALSE(Has(h, "st-site-not-confirmed"));
    CHECK(Has(h, "<p class=\"hint\" id=\"site-not-confirmed\">" + EscapeHtml(UiTextFor(lang).site_not_confirmed_note)));
  }
  CHECK(Has(RenderVerifyPage(Verify(IspMark())), "バッジに「掲載サイト未確認」と表示されていた場合"));
  CHECK(Has(RenderVerifyPage(Verify(WifiMark(), Lang::kEn)), "If the badge said “site not confirmed”"));
}

TEST_CASE("verify page: not registered") {
  VerifyPageInput in = Verify(std::nullopt);
  in.number = "X<b>1";
  const std::string h = RenderVerifyPage(in);
  mark::testing::MaybeDump("verify-not-registered-ja.html", RenderVerifyPage(Verify(std::nullopt)));
  CHECK(Has(h, "この番号は登録されていません"));
  CHECK(Has(h, "st-not-registered"));
  CHECK(Has(h, "X&lt;b&gt;1"));
  CHECK_FALSE(Has(h, "X<b>1"));
  CHECK_FALSE(Has(h, "id=\"sig\""));  // nothing to check
  CHECK(Has(h, "/v/X%3Cb%3E1?lang=en"));
  CheckCspClean(h);
}

TEST_CASE("pages escape registry text and keep attributes intact") {
  for (const std::string& evil : {std::string("<script>alert(1)</script>"), std::string("\"/><svg onload=alert(1)>"),
                                  std::string("' onmouseover='alert(1)")}) {
    MarkView v = IspMark();
    v.service.name = v.service.name_en = evil;
    v.op.name = v.op.name_en = evil;
    v.service.domains = {evil};
    v.service.ssids = {evil};
    v.service.venues = {evil};
    v.op.website = "javascript:alert(1)";
    v.mark.revocation_reason = evil;
    VerifyPageInput in = Verify(v);
    in.foreign_host = evil;
    SearchPageInput s;
    s.query = evil;
    s.results = {v};
    s.next_cursor = evil;
    EmbedPageInput e;
    e.view = v;
    e.public_url = kPublic;
    for (const std::string& h : {RenderVerifyPage(in), RenderSearchPage(s), RenderEmbedPage(e)}) {
      INFO(evil);
      CHECK_FALSE(Has(h, "<script>"));
      CHECK_FALSE(Has(h, "<svg"));
      CHECK_FALSE(Has(h, "' onmouseover='"));
      CheckCspClean(h);
    }
    // The unsafe website shows as text, never as a link.
    CHECK_FALSE(Has(RenderVerifyPage(in), "href=\"javascript:"));
  }
}

TEST_CASE("search page: form, results with status and links") {
  SearchPageInput in;
  in.query = "さくら";
  in.results = {IspMark(), IspMark(MarkStatus::kRevoked), WifiMark()};
  in.results[1].mark.number = "D0003";
  in.next_cursor = "abc";
  const std::string h = RenderSearchPage(in);
  mark::testing::MaybeDump("search-ja.html", h);
  CHECK(Has(h, "action=\"/\" method=\"get\""));
  CHECK(Has(h, "name=\"q\""));
  CHECK(Has(h, "value=\"さくら\""));
  CHECK(Has(h, "href=\"/v/J0072\""));
  CHECK(Has(h, "href=\"/v/D0003\""));
  CHECK(Has(h, "href=\"/v/T0150\""));
  CHECK(Has(h, "pill st-revoked\">取消"));
  CHECK(Has(h, "pill st-valid\">有効"));
  CHECK(Has(h, "3件"));
  CHECK(Has(h, "/?q=%E3%81%95%E3%81%8F%E3%82%89&amp;cursor=abc"));
  CHECK(Has(h, "?lang=en&amp;q=%E3%81%95%E3%81%8F%E3%82%89"));
  CheckCspClean(h);
  in.lang = Lang::kEn;
  const std::string en = RenderSearchPage(in);
  CHECK(Has(en, "href=\"/v/J0072?lang=en\""));
  CHECK(Has(en, "Sakura Net Hikari"));
  CHECK(Has(en, "REVOKED"));
  CHECK(Has(en, "name=\"lang\" value=\"en\""));
  mark::testing::MaybeDump("search-en.html", en);
  in.lang = Lang::kKo;
  mark::testing::MaybeDump("search-ko.html", RenderSearchPage(in));
  SearchPageInput none;
  none.query = "nothing";
  const std::string nothing = RenderSearchPage(none);
  CHECK(Has(nothing, "該当するマークは見つかりませんでした"));
  CHECK(Has(nothing, "class=\"tips\""));
  CHECK_FALSE(Has(nothing, "正規のものではない可能性"));
  none.query = "J9999";
  none.query_kind = SearchPageInput::QueryKind::kNumber;
  none.query_exact = "J9999";
  CHECK(Has(RenderSearchPage(none), "正規のものではない可能性"));
  SearchPageInput start;
  const std::string s = RenderSearchPage(start);
  CHECK(Has(s, "安全・安心マークとは"));
  CHECK_FALSE(Has(s, "results-h"));
  start.lang = Lang::kZh;
  mark::testing::MaybeDump("search-start-zh.html", RenderSearchPage(start));
}

TEST_CASE("embed kit: snippet escaped in the textarea, preview and downloads") {
  EmbedPageInput in;
  in.view = IspMark();
  in.public_url = kPublic;
  const std::string snippet = EmbedSnippet(in.view, kPublic, Lang::kJa);
  CHECK(snippet ==
        "<a href=\"https://registry.example.jp/v/J0072\" target=\"_blank\" rel=\"noopener\"><img "
        "src=\"https://registry.example.jp/badge/J0072.svg\" width=\"360\" height=\"120\" alt=\"安全・安心マーク J0072"
        "（現在の状態は確認ページで）\" referrerpolicy=\"strict-origin-when-cross-origin\"></a>");
  // The compact badge: its own size and address, the same link, alt text and policy.
  CHECK(
      EmbedSnippet(in.view, kPublic, Lang::kJa, BadgeSize::kCompact) ==
      "<a href=\"https://registry.example.jp/v/J0072\" target=\"_blank\" rel=\"noopener\"><img "
      "src=\"https://registry.example.jp/badge/J0072-compact.svg\" width=\"240\" height=\"60\" alt=\"安全・安心マーク "
      "J0072（現在の状態は確認ページで）\" referrerpolicy=\"strict-origin-when-cross-origin\"></a>");
  // Pasted text cannot stay live: the alt text never names a status.
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    const std::string alt = EmbedAltText(in.view, lang);
    for (const char* status :
         {"有効", "停止", "取消", "期限", "VALID", "Valid", "valid", "SUSPENDED", "REVOKED", "EXPIRED"})
      CHECK(alt.find(status) == std::string::npos);
  }
  CHECK(EmbedAltText(in.view, Lang::kEn) == "Safety & Security Mark J0072 (current status on the check page)");
  const std::string h = RenderEmbedPage(in);
  mark::testing::MaybeDump("embed-ja.html", h);
  CHECK(Has(h, "&lt;a href=&quot;https://registry.example.jp/v/J0072&quot;"));
  CHECK(Has(h, "<img src=\"/badge/J0072.svg\""));
  CHECK(Has(h, "href=\"/badge/J0072.png\""));
  CHECK(Has(h, "href=\"/qr/J0072.svg\""));
  CHECK(Has(h, "href=\"/qr/J0072.png?size=512\""));
  // Both sizes: the compact snippet, its preview and downloads.
  CHECK(Has(h, "<textarea id=\"snippet-compact\""));
  CHECK(Has(h, "/badge/J0072-compact.svg&quot; width=&quot;240&quot; height=&quot;60&quot;"));
  CHECK(Has(h, "<img src=\"/badge/J0072-compact.svg\" width=\"240\" height=\"60\""));
  CHECK(Has(h, "href=\"/badge/J0072-compact.png\""));
  CheckCspClean(h);
  const std::string en = EmbedSnippet(in.view, kPublic, Lang::kEn);
  CHECK(Has(en, "/badge/J0072.svg?lang=en"));
  CHECK(Has(en, "alt=\"Safety &amp; Security Mark J0072 (current status on the check page)\""));
}

TEST_CASE("embed kit: https, the snippet's referrerpolicy and the badge's three looks") {
  EmbedPageInput in;
  in.view = IspMark();
  in.public_url = kPublic;
  const std::string h = RenderEmbedPage(in);
  CHECK(Has(h, "https のアドレスのまま読み込みます"));
  CHECK(Has(h, "referrerpolicy 属性は、サイト全体の no-referrer 設定よりも優先され"));
  // Each look as the badge words it, in its colour class.
  CHECK(Has(h, "<ul class=\"looks\">"));
  CHECK(Has(h, "<span class=\"pill st-valid\"><span aria-hidden=\"true\">\u2713</span> 有効</span>"));
  CHECK(Has(h, "<span class=\"pill st-foreign\"><span aria-hidden=\"true\">!</span> 登録外サイト</span>"));
  CHECK(Has(
      h,
      "<span class=\"pill st-site-not-confirmed\"><span aria-hidden=\"true\">?</span> 有効 · 掲載サイト未確認</span>"));
  // The preview asks the way the snippet does (and is counted as the registry's own page).
  CHECK(Has(h, "<img src=\"/badge/J0072.svg\" width=\"360\" height=\"120\" alt=\""));
  CHECK(std::regex_search(
      h, std::regex("<img src=\"/badge/J0072.svg\"[^>]* referrerpolicy=\"strict-origin-when-cross-origin\">")));
  CheckCspClean(h);
  // English, Chinese and Korean pages explain in their language; the pills
  // show the badge's own (English) words.
  for (Lang lang : {Lang::kEn, Lang::kZh, Lang::kKo}) {
    in.lang = lang;
    const std::string page = RenderEmbedPage(in);
    INFO(LangCode(lang));
    CHECK(Has(page, "VALID · SITE NOT CONFIRMED</span>"));
    CHECK(Has(page, EscapeHtml(UiTextFor(lang).embed_looks_heading)));
    CHECK(Has(page, "https"));
  }
  CHECK(Has(RenderEmbedPage(in), "배지의 세 가지 표시"));
}

TEST_CASE("the attribute checker itself catches broken-open markup") {
  std::vector<std::pair<std::string, std::string>> attrs;
  CHECK_FALSE(TagAttributes("<input value=\"\"/><svg onload=alert(1)>\">", &attrs));
  attrs.clear();
  REQUIRE(TagAttributes("<a href=\"x\" onclick=\"y\">", &attrs));
  CHECK(attrs.at(1).first == "onclick");
}
