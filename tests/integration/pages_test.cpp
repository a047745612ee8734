// The public pages from the real markd: the verification page for every
// status (Japanese and English, anti-copy warning), the search page (name,
// number, domain, SSID), the embed kit, static files (and path traversal
// refused), misuse reports (validation, storage, rate limit), escaping of
// hostile names, the Content-Security-Policy, and nothing of who looked up
// what in the log. Tagged [browser]: headless Chromium renders the verify
// page, runs verify.js's signature check, and takes phone-sized screenshots
// (kept in $MARK_SCREENSHOT_DIR when set).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "browser_page.h"
#include "public_fixture.h"

using mark::testing::ChromiumArgs;
using mark::testing::DumpDom;
using mark::testing::Has;
using mark::testing::Header;
using mark::testing::kChromium;
using mark::testing::PublicRegistry;
using mark::testing::RunCommand;
using mark::testing::SigClass;
using mark::testing::TempDir;
using nlohmann::json;

namespace {

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t pos = text.find(part); pos != std::string::npos; pos = text.find(part, pos + 1)) ++n;
  return n;
}

const std::string kPageCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

// The attribute names of every start tag, read the way an HTML tokenizer
// does (quoted values skipped), lower-cased.
std::vector<std::string> AttributeNames(const std::string& html) {
  std::vector<std::string> names;
  size_t i = 0;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while ((i = html.find('<', i)) != std::string::npos) {
    ++i;
    if (i >= html.size() || !std::isalpha(static_cast<unsigned char>(html[i]))) continue;
    while (i < html.size() && !space(html[i]) && html[i] != '>' && html[i] != '/') ++i;  // tag name
    while (i < html.size() && html[i] != '>') {
      if (space(html[i]) || html[i] == '/') {
        ++i;
        continue;
      }
      std::string name;
      while (i < html.size() && !space(html[i]) && html[i] != '=' && html[i] != '>' && html[i] != '/')
        name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[i++])));
      names.push_back(name);
      while (i < html.size() && space(html[i])) ++i;
      if (i < html.size() && html[i] == '=') {
        ++i;
        while (i < html.size() && space(html[i])) ++i;
        if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
          size_t close = html.find(html[i], i + 1);
          i = close == std::string::npos ? html.size() : close + 1;
        } else {
          while (i < html.size() && !space(html[i]) && html[i] != '>') ++i;
        }
      }
    }
  }
  return names;
}

// Every <script in a page is the one external script: no inline code.
void CheckOnlyOurScript(const std::string& html) {
  CHECK(Count(html, "<script") == Count(html, "<script src=\"/static/verify.js\" defer></script>"));
  // No tag carries an event-handler attribute (escaped text may mention one).
  const auto names = AttributeNames(html);
  CHECK(std::count(names.begin(), names.end(), "href") > 0);  // the scanner sees attributes
  for (const auto& name : names) {
    INFO(name);
    CHECK_FALSE((name.size() > 2 && name.compare(0, 2, "on") == 0));
  }
  CHECK_FALSE(Has(html, "javascript:"));
}

std::string UrlEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
      out += static_cast<char>(c);
    else
      out += '%', out += hex[c >> 4], out += hex[c & 15];
  }
  return out;
}

}  // namespace

TEST_CASE("verify page gives a plain answer for every status, in Japanese and English", "[pages]") {
  PublicRegistry p;
  struct Case {
    std::string number;
    int status;
    const char* css;
    const char* ja;
    const char* en;
  };
  const Case cases[] = {
      {p.valid, 200, "st-valid", "このマークは有効です", "This mark is valid"},
      {p.suspended, 200, "st-suspended", "このマークは停止中です", "This mark is suspended"},
      {p.revoked, 200, "st-revoked", "このマークは取り消されています", "This mark has been revoked"},
      {p.expired, 200, "st-expired", "このマークは有効期限が切れています", "This mark has expired"},
      {p.not_yet_valid, 200, "st-not-yet-valid", "このマークはまだ有効ではありません", "This mark is not valid yet"},
      {"J9999", 404, "st-not-registered", "この番号は登録されていません", "This number is not registered"},
  };
  for (const auto& c : cases) {
    INFO(c.number);
    auto ja = p.reg.Get("/v/" + c.number);
    auto en = p.reg.Get("/v/" + c.number + "?lang=en");
    REQUIRE((ja && en));
    CHECK(ja->status == c.status);
    CHECK(en->status == c.status);
    CHECK(Header(ja, "Content-Type") == "text/html; charset=utf-8");
    CHECK(Header(ja, "Content-Security-Policy") == kPageCsp);
    CHECK(Header(ja, "Cache-Control") == "no-cache");
    CHECK(Has(ja->body, "<html lang=\"ja\">"));
    CHECK(Has(en->body, "<html lang=\"en\">"));
    CHECK(Has(ja->body, std::string("class=\"verdict ") + c.css + "\""));
    CHECK(Has(ja->body, c.ja));
    CHECK(Has(en->body, c.en));
    CHECK(Has(ja->body, c.number));
    CheckOnlyOurScript(ja->body);
  }
  // The registry's facts, for comparing with what is in front of you.
  auto v = p.reg.Get("/v/" + p.valid);
  REQUIRE(v);
  // Domains wrap only before a dot: each label whole in its own span.
  CHECK(Has(v->body,
            "<span class=\"dl\">sakura-hikari</span><wbr><span class=\"dl\">.example</span><wbr>"
            "<span class=\"dl\">.jp</span>"));
  CHECK(Has(v->body, "さくら光株式会社"));
  CHECK(Has(v->body, "data-cert-url=\"/api/v1/marks/" + p.valid + "/certificate\""));
  CHECK(Has(v->body, "data-iss=\"" + p.base() + "\""));
  CHECK(Has(v->body, "id=\"report-form\""));
  auto revoked = p.reg.Get("/v/" + p.revoked);
  REQUIRE(revoked);
  CHECK(Has(revoked->body, "審査基準違反"));
  auto wifi = p.reg.Get("/v/" + p.wifi + "?lang=en");
  REQUIRE(wifi);
  CHECK(Has(wifi->body, "Ekimae_Free_WiFi"));
  CHECK(Has(wifi->body, "東京駅 八重洲口"));
  // Lower case goes to the mark's one address (tests/browser/pages_test.mjs
  // follows full-width forms and a trailing slash); Chinese and Korean pages exist.
  auto lower = p.reg.Get("/v/" + std::string(1, static_cast<char>(p.valid[0] + 32)) + p.valid.substr(1) + "?lang=zh");
  REQUIRE(lower);
  CHECK(lower->status == 301);
  CHECK(Header(lower, "Location") == "/v/" + p.valid + "?lang=zh");
  auto zh = p.reg.Get("/v/" + p.valid + "?lang=zh");
  REQUIRE(zh);
  CHECK(Has(zh->body, "<html lang=\"zh-Hans\">"));
  auto ko = p.reg.Get("/v/" + p.valid + "?lang=ko");
  REQUIRE(ko);
  CHECK(Has(ko->body, "<html lang=\"ko\">"));
  // Nonsense numbers are "not registered", not an error.
  auto junk = p.reg.Get("/v/not-a-number");
  REQUIRE(junk);
  CHECK(junk->status == 404);
  CHECK(Has(junk->body, "not-a-number"));
  CHECK(Has(Header(junk, "Content-Type"), "text/html"));
}

TEST_CASE("verify page reached from a site not registered for the mark says so", "[pages]") {
  PublicRegistry p;
  auto foreign = p.reg.Get("/v/" + p.valid, {{"Referer", "https://copycat.example.com/shop"}});
  auto own = p.reg.Get("/v/" + p.valid, {{"Referer", "https://sakura-hikari.example.jp/"}});
  auto internal = p.reg.Get("/v/" + p.valid, {{"Referer", p.base() + "/?q=x"}});
  REQUIRE((foreign && own && internal));
  CHECK(Has(foreign->body, "class=\"verdict st-foreign\""));
  CHECK(Has(foreign->body,
            "<strong class=\"host\"><span class=\"domain\"><span class=\"dl\">copycat</span><wbr>"
            "<span class=\"dl\">.example</span><wbr><span class=\"dl\">.com</span></span></strong>"));
  // The report form is filled in with where the badge was seen.
  CHECK(Has(foreign->body, "value=\"copycat.example.com\""));
  CHECK(Has(Header(foreign, "Vary"), "Referer"));
  CHECK(Has(own->body, "class=\"verdict st-valid\""));
  CHECK_FALSE(Has(own->body, "st-foreign"));
  CHECK_FALSE(Has(internal->body, "st-foreign"));
  // A QR scan sends no Referer (nor does an unparsable one count): the page
  // is the plain answer, and says what a "site not confirmed" badge meant.
  for (const httplib::Headers& h : {httplib::Headers{}, httplib::Headers{{"Referer", "not a url"}}}) {
    auto scan = p.reg.Get("/v/" + p.valid, h);
    REQUIRE(scan);
    CHECK(Has(scan->body, "class=\"verdict st-valid\""));
    CHECK_FALSE(Has(scan->body, "st-foreign"));
    CHECK_FALSE(Has(scan->body, "st-site-not-confirmed"));
    CHECK(Has(scan->body, "id=\"site-not-confirmed\">バッジに「掲載サイト未確認」と表示されていた場合"));
  }
}

TEST_CASE("verify pages are prepared once, revalidate by ETag and change with the mark", "[pages][cache]") {
  PublicRegistry p;
  const std::string path = "/v/" + p.valid;
  // The copycat's page first: its warning is kept for that site only.
  auto foreign = p.reg.Get(path, {{"Referer", "https://copycat.example.com/shop"}});
  auto scan = p.reg.Get(path);
  REQUIRE((foreign && scan));
  CHECK(Has(foreign->body, "st-foreign"));
  CHECK(Has(scan->body, "class=\"verdict st-valid\""));
  CHECK_FALSE(Has(scan->body, "st-foreign"));
  const std::string etag = Header(scan, "ETag");
  REQUIRE_FALSE(etag.empty());
  CHECK(Header(scan, "ETag") != Header(foreign, "ETag"));
  CHECK(Header(scan, "Cache-Control") == "no-cache");
  CHECK(Has(Header(scan, "Vary"), "Referer"));
  CHECK(Header(scan, "Access-Control-Allow-Origin").empty());
  CHECK(Has(Header(scan, "Content-Security-Policy"), "default-src 'none'"));
  auto same = p.reg.Get(path, {{"If-None-Match", etag}});
  REQUIRE(same);
  CHECK(same->status == 304);
  CHECK(same->body.empty());
  // A suspension is on the very next view, and the old ETag no longer matches.
  p.Change(p.valid, "suspend", "確認中");
  auto after = p.reg.Get(path, {{"If-None-Match", etag}});
  REQUIRE(after);
  CHECK(after->status == 200);
  CHECK(Has(after->body, "st-suspended"));
  CHECK(Header(after, "ETag") != etag);
  // Not registered: a 404 page, made afresh each time.
  auto unknown = p.reg.Get("/v/J9999");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
}

TEST_CASE("search page finds marks by name, number, domain or SSID", "[pages]") {
  PublicRegistry p;
  auto search = [&](const std::string& q, const std::string& extra = "") {
    auto r = p.reg.Get("/?q=" + UrlEncode(q) + extra);
    REQUIRE(r);
    return *r;
  };
  auto link = [](const std::string& number) { return "href=\"/v/" + number + "\""; };

  auto home = p.reg.Get("/");
  REQUIRE(home);
  CHECK(home->status == 200);
  CHECK(Header(home, "Content-Security-Policy") == kPageCsp);
  CHECK(Has(home->body, "安全・安心マークを検索"));
  CHECK_FALSE(Has(home->body, "id=\"results-h\""));
  CheckOnlyOurScript(home->body);

  auto by_name = search("さくら");
  CHECK(by_name.status == 200);
  CHECK(Has(by_name.body, link(p.valid)));
  CHECK_FALSE(Has(by_name.body, link(p.revoked)));
  CHECK(Has(search("sakura hikari").body, link(p.valid)));
  auto by_number = search(p.revoked);
  CHECK(Has(by_number.body, link(p.revoked)));
  CHECK(Has(by_number.body, "pill st-revoked"));
  CHECK(Has(search(std::string(1, static_cast<char>(p.revoked[0] + 32)) + p.revoked.substr(1)).body, link(p.revoked)));
  CHECK(Has(search("www.sakura-hikari.example.jp").body, link(p.valid)));
  CHECK(Has(search("https://Sakura-Hikari.example.jp/plans?x=1").body, link(p.valid)));
  auto by_ssid = search("Ekimae_Free_WiFi");
  CHECK(Has(by_ssid.body, link(p.wifi)));
  auto none = search("存在しないサービス");
  CHECK(none.status == 200);
  CHECK(Has(none.body, "該当するマークは見つかりませんでした"));
  // A name that finds nothing may be typed another way: no fraud alarm.
  CHECK_FALSE(Has(none.body, "class=\"warn\""));
  CHECK(Has(search("J9999").body, "class=\"warn\""));
  auto english = search("Hikari", "&lang=en");
  CHECK(Has(english.body, "<html lang=\"en\">"));
  CHECK(Has(english.body, "href=\"/v/" + p.valid + "?lang=en\""));
  CHECK(Has(english.body, "Expired Hikari"));
  auto bad_cursor = search("Hikari", "&cursor=%%%");
  CHECK(bad_cursor.status == 400);
  // Far too long a query is cut, not refused.
  std::string longq(400, 'a');
  CHECK(search(longq).status == 200);
}

TEST_CASE("embed kit gives the snippet, a preview and downloads", "[pages]") {
  PublicRegistry p;
  auto r = p.reg.Get("/embed/" + p.valid);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(Header(r, "Content-Security-Policy") == kPageCsp);
  // The snippet, escaped inside the textarea, with absolute URLs.
  CHECK(Has(r->body, "&lt;a href=&quot;" + p.base() + "/v/" + p.valid + "&quot;"));
  CHECK(Has(r->body, "&lt;img src=&quot;" + p.base() + "/badge/" + p.valid + ".svg&quot;"));
  CHECK(Has(r->body, "<img src=\"/badge/" + p.valid + ".svg\""));
  CHECK(Has(r->body, "href=\"/qr/" + p.valid + ".png?size=512\""));
  CHECK(Has(r->body, "href=\"/badge/" + p.valid + ".png\""));
  // It keeps the Referer on (and says why), and shows the three looks.
  CHECK(Has(r->body, "referrerpolicy=&quot;strict-origin-when-cross-origin&quot;"));
  CHECK(Has(r->body, "https のアドレスのまま読み込みます"));
  CHECK(Has(r->body, "pill st-valid"));
  CHECK(Has(r->body, "pill st-foreign"));
  CHECK(Has(r->body, "有効 · 掲載サイト未確認</span>"));
  CheckOnlyOurScript(r->body);
  auto en = p.reg.Get("/embed/" + p.valid + "?lang=en");
  REQUIRE(en);
  CHECK(Has(en->body, "/badge/" + p.valid + ".svg?lang=en"));
  // Every download link works.
  for (const std::string& path :
       {"/badge/" + p.valid + ".png?lang=en", "/qr/" + p.valid + ".svg", "/qr/" + p.valid + ".png?size=512"}) {
    auto d = p.reg.Get(path);
    REQUIRE(d);
    CHECK(d->status == 200);
  }
  auto unknown = p.reg.Get("/embed/J9999");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(Has(unknown->body, "この番号は登録されていません"));
}

TEST_CASE("hostile service names are escaped in verify, search and embed pages", "[pages][injection]") {
  PublicRegistry p;
  const std::string escaped_script = "&lt;script&gt;alert(1)&lt;/script&gt;";
  const std::string escaped_attr = "&quot;/&gt;&lt;svg onload=alert(1)&gt;";
  for (const std::string& path : {"/v/" + p.script_mark, "/v/" + p.script_mark + "?lang=en", "/embed/" + p.script_mark,
                                  "/?q=" + UrlEncode("alert(1)"), "/?q=" + UrlEncode("<script>"), "/v/" + p.attr_mark,
                                  "/embed/" + p.attr_mark, "/?q=" + UrlEncode(mark::testing::kAttrName)}) {
    INFO(path);
    auto r = p.reg.Get(path);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK_FALSE(Has(r->body, "<script>"));
    CHECK_FALSE(Has(r->body, "<svg onload"));
    CHECK_FALSE(Has(r->body, "\"/><svg"));
    CHECK((Has(r->body, escaped_script) || Has(r->body, escaped_attr)));
    CheckOnlyOurScript(r->body);
  }
  // The search box echoes what was typed as text.
  auto echoed = p.reg.Get("/?q=" + UrlEncode("\"><img src=x onerror=alert(1)>"));
  REQUIRE(echoed);
  CHECK_FALSE(Has(echoed->body, "<img src=x"));
  CHECK(Has(echoed->body, "value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""));
  // Hostile Referer on the verify page.
  auto referer = p.reg.Get("/v/" + p.valid, {{"Referer", "https://evil.example/\"><script>alert(1)</script>"}});
  REQUIRE(referer);
  CHECK_FALSE(Has(referer->body, "<script>"));
}

TEST_CASE("static files are served by name only", "[pages][static]") {
  PublicRegistry p;
  auto css = p.reg.Get("/static/site.css");
  auto js = p.reg.Get("/static/verify.js");
  REQUIRE((css && js));
  CHECK(css->status == 200);
  CHECK(Header(css, "Content-Type") == "text/css; charset=utf-8");
  CHECK(js->status == 200);
  CHECK(Header(js, "Content-Type") == "text/javascript; charset=utf-8");
  CHECK(Has(js->body, "checkCertificate"));
  CHECK(Header(js, "X-Content-Type-Options") == "nosniff");
  auto again = p.reg.Get("/static/site.css", {{"If-None-Match", Header(css, "ETag")}});
  REQUIRE(again);
  CHECK(again->status == 304);
  for (const char* path : {"/static/../CMakeLists.txt", "/static/%2e%2e/CMakeLists.txt",
                           "/static/%2e%2e%2fCMakeLists.txt", "/static/..%2fCMakeLists.txt", "/static/site.css%00.js",
                           "/static/site.css%00", "/static/", "/static/.", "/static/..", "/static/Site.css",
                           "/static/site.css/", "/static/%2fetc%2fpasswd", "/static/....//CMakeLists.txt",
                           "/static/x.js", "/static/site.css%2f..%2f..%2fCMakeLists.txt", "/static//etc/passwd"}) {
    INFO(path);
    auto r = p.reg.Get(path);
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK_FALSE(Has(r->body, "cmake_minimum_required"));
    CHECK_FALSE(Has(r->body, "root:"));
  }
}

TEST_CASE("misuse reports are validated, stored, listed for staff and rate-limited", "[pages][reports]") {
  PublicRegistry p;
  auto post = [&](const std::string& body, const std::string& type = "application/json") {
    auto c = p.reg.markd().Client();
    auto r = c->Post("/api/v1/reports", body, type.c_str());
    REQUIRE(r);
    return *r;
  };
  auto good =
      post(json{{"number", p.valid}, {"seen_at", "copycat.example.com"}, {"what", "知らない店にバッジ"}}.dump());
  INFO(good.body);
  CHECK(good.status == 201);
  CHECK(json::parse(good.body)["number"] == p.valid);
  // A number the registry does not know is worth reporting too; seen_at is optional.
  CHECK(post(json{{"number", "J9999"}, {"what", "偽のステッカー"}}.dump()).status == 201);

  struct Bad {
    json body;
    const char* field;
  };
  const Bad bad[] = {
      {json{{"number", p.valid}}, "what"},
      {json{{"number", p.valid}, {"what", "   "}}, "what"},
      {json{{"number", p.valid}, {"what", std::string(2001, 'x')}}, "what"},
      {json{{"number", p.valid}, {"what", 5}}, "what"},
      {json{{"number", "<script>"}, {"what", "x"}}, "number"},
      {json{{"what", "x"}}, "number"},
      {json{{"number", p.valid}, {"what", "x"}, {"seen_at", std::string(501, 'y')}}, "seen_at"},
      {json{{"number", p.valid}, {"what", "bell\x07"}}, "what"},
      {json{{"number", p.valid}, {"what", "x"}, {"email", "a@example.jp"}}, "email"},
  };
  for (const auto& b : bad) {
    INFO(b.body.dump());
    auto r = post(b.body.dump());
    CHECK(r.status == 400);
    auto problem = json::parse(r.body, nullptr, false);
    REQUIRE(problem.is_object());
    bool named = false;
    for (const auto& e : problem["errors"]) named = named || e["field"] == b.field;
    CHECK(named);
  }
  CHECK(post("[1,2]").status == 400);
  CHECK(post("{not json").status == 400);
  CHECK(post(json{{"number", p.valid}, {"what", "x"}}.dump(), "text/plain").status == 415);
  // A Japanese report of 2000 characters (6000 bytes) fits.
  std::string long_ja;
  for (int i = 0; i < 2000; ++i) long_ja += "あ";
  CHECK(post(json{{"number", p.valid}, {"what", long_ja}}.dump()).status == 201);

  // Staff read them; the public does not.
  auto list = p.reg.Get("/api/v1/reports", {{"Authorization", "Bearer " + p.reg.token()}});
  REQUIRE(list);
  CHECK(list->status == 200);
  auto items = json::parse(list->body)["items"];
  REQUIRE(items.size() == 3);
  CHECK(items[2]["what"] == "知らない店にバッジ");
  CHECK(items[2]["seen_at"] == "copycat.example.com");
  CHECK(items[1]["number"] == "J9999");
  CHECK_FALSE(items[0].contains("remote"));
  auto paged = p.reg.Get("/api/v1/reports?limit=2", {{"Authorization", "Bearer " + p.reg.token()}});
  REQUIRE(paged);
  auto page1 = json::parse(paged->body);
  CHECK(page1["items"].size() == 2);
  REQUIRE(page1["next_cursor"].is_string());
  auto page2 = p.reg.Get("/api/v1/reports?limit=2&cursor=" + page1["next_cursor"].get<std::string>(),
                         {{"Authorization", "Bearer " + p.reg.token()}});
  REQUIRE(page2);
  CHECK(json::parse(page2->body)["items"].size() == 1);
  CHECK(p.reg.Get("/api/v1/reports")->status == 401);
  auto auditor = p.reg.CreateToken("auditor", "test-auditor");
  CHECK(p.reg.Get("/api/v1/reports", {{"Authorization", "Bearer " + auditor}})->status == 200);
  auto reviewer = p.reg.CreateToken("reviewer", "test-reviewer");
  CHECK(p.reg.Get("/api/v1/reports", {{"Authorization", "Bearer " + reviewer}})->status == 403);

  // Three accepted so far; the fifth is the last one this address may send.
  CHECK(post(json{{"number", p.valid}, {"what", "4"}}.dump()).status == 201);
  CHECK(post(json{{"number", p.valid}, {"what", "5"}}.dump()).status == 201);
  auto limited = post(json{{"number", p.valid}, {"what", "6"}}.dump());
  CHECK(limited.status == 429);
  const std::string retry = limited.get_header_value("Retry-After");
  REQUIRE_FALSE(retry.empty());
  CHECK(std::stoi(retry) >= 1);
  CHECK(std::stoi(retry) <= 600);
  auto after = p.reg.Get("/api/v1/reports?limit=200", {{"Authorization", "Bearer " + p.reg.token()}});
  CHECK(json::parse(after->body)["items"].size() == 5);
}

TEST_CASE("nothing of who looked up what reaches the log", "[pages]") {
  PublicRegistry p;
  p.reg.Get("/?q=secret-lookup-term");
  p.reg.Get("/v/" + p.valid + "?lang=en", {{"Referer", "https://private-referrer.example/"}});
  p.reg.Get("/badge/" + p.valid + ".svg", {{"Referer", "https://private-referrer.example/"}});
  // markd writes each access line just after its answer has gone, on whichever
  // worker served it, so the lines may land in any order: wait for all three.
  const std::vector<std::string> lines = {"access GET / 200", "access GET /v/" + p.valid + " 200",
                                          "access GET /badge/" + p.valid + ".svg 200"};
  const std::string log = mark::testing::ReadUntilHasAll([&] { return p.reg.markd().Log(); }, lines);
  for (const auto& l : lines) CHECK(Has(log, l));
  CHECK_FALSE(Has(log, "secret-lookup-term"));
  CHECK_FALSE(Has(log, "private-referrer"));
  CHECK_FALSE(Has(log, "127.0.0.1 "));
}

// ---------------------------------------------------------------------------
// Headless Chromium: the verify page as a phone shows it.

namespace {

// A phone's first screen (390x844 CSS px), or `window` ("390,2600" for the
// whole page).
void Screenshot(const std::string& url, const std::string& file, const std::string& window = "390,844") {
  TempDir profile;
  auto args = ChromiumArgs(profile, window);
  args.push_back("--screenshot=" + file);
  args.push_back(url);
  auto r = RunCommand(args);
  INFO(r.err.substr(0, 2000));
  REQUIRE(r.exit_code == 0);
  REQUIRE(std::filesystem::exists(file));
  CHECK(std::filesystem::file_size(file) > 10000);  // a page, not a blank
}

}  // namespace

TEST_CASE("Chromium shows each status and verifies the certificate in the browser", "[browser][long]") {
  REQUIRE(std::filesystem::exists(kChromium));
  PublicRegistry p;
  TempDir shots_tmp;
  const char* keep = std::getenv("MARK_SCREENSHOT_DIR");
  const std::filesystem::path shots = keep && *keep ? std::filesystem::path(keep) : shots_tmp.path();
  std::filesystem::create_directories(shots);

  struct Case {
    std::string name;
    std::string number;
    const char* css;
  };
  const Case cases[] = {
      {"valid", p.valid, "st-valid"},
      {"suspended", p.suspended, "st-suspended"},
      {"revoked", p.revoked, "st-revoked"},
      {"expired", p.expired, "st-expired"},
      {"not-yet-valid", p.not_yet_valid, "st-not-yet-valid"},
      {"wifi", p.wifi, "st-valid"},
      {"not-registered", "J9999", "st-not-registered"},
  };
  for (const auto& c : cases) {
    for (const std::string lang : {"ja", "en"}) {
      INFO(c.name << " " << lang);
      const std::string url = p.VerifyUrl(c.number) + "?lang=" + lang;
      const std::string dom = DumpDom(url);
      CHECK(Has(dom, std::string("class=\"verdict ") + c.css + "\""));
      CHECK(Has(dom, "<html lang=\"" + lang + "\" class=\"js\">"));
      if (c.number != "J9999") {
        // The certificate is the registry's own, whatever the status: the
        // check says the signature holds (the status above says the rest).
        CHECK(SigClass(dom) == "sig sig-verified");
        CHECK(Has(dom, lang == "ja" ? "電子署名をこのブラウザで確認しました" : "Signature checked by your browser at"));
      }
      // verify.js enabled the report form.
      CHECK(Has(dom, "<button type=\"submit\">"));
      if (lang == "ja" || c.name == "valid")
        Screenshot(url, (shots / ("verify-" + c.name + "-" + lang + ".png")).string());
    }
  }
  // The whole page, down to the signature check and the report form.
  Screenshot(p.VerifyUrl(p.valid), (shots / "verify-valid-ja-full.png").string(), "390,2600");
  // The search page and the embed kit render too.
  const std::string search = DumpDom(p.base() + "/?q=" + UrlEncode("光"));
  // The browser's language may add ?lang= to the link.
  CHECK(Has(search, "href=\"/v/" + p.valid));
  Screenshot(p.base() + "/?q=" + UrlEncode("光"), (shots / "search-ja.png").string());
  Screenshot(p.base() + "/embed/" + p.valid + "?lang=en", (shots / "embed-en.png").string());
}
