// Badge and QR images from the real markd: live status on the badge, 404
// "not registered" badge, ETag/304, the anti-copy warning from Referer and
// Origin and the "site not confirmed" variant without them (answers and
// caches never cross between variants), escaping of hostile service names,
// cross-site embedding headers, and QR codes that zbarimg decodes to exactly
// {public_url}/v/{number}, on every variant.
#include <catch2/catch.hpp>
#include <thread>
#include <vector>
#include <nlohmann/json.hpp>

#include "public_fixture.h"

using mark::testing::DecodeQr;
using mark::testing::Has;
using mark::testing::Header;
using mark::testing::PublicRegistry;
using mark::testing::RunCommand;
using mark::testing::TempDir;
using mark::testing::WriteFile;

namespace {

// rsvg-convert parses the SVG as XML and draws it: malformed markup fails.
std::string SvgToPngFile(const TempDir& dir, const std::string& name, const std::string& svg, int width) {
  std::string in = WriteFile(dir, name + ".svg", svg);
  std::string out = (dir / (name + ".png")).string();
  auto r = RunCommand({"/usr/bin/rsvg-convert", "-w", std::to_string(width), "-b", "white", "-o", out, in});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return out;
}

// The words and colours a badge SVG is recognised by (verdict.cpp).
constexpr const char* kGreen = "#1a7f37";
constexpr const char* kNotConfirmedJa = "· 掲載サイト未確認<";
constexpr const char* kNotConfirmedEn = "· SITE NOT CONFIRMED<";
constexpr const char* kForeignJa = ">登録外サイト<";

bool IsPlainValid(const std::string& svg) {
  return Has(svg, ">有効<") && Has(svg, kGreen) && !Has(svg, "掲載サイト未確認") && !Has(svg, "登録外サイト");
}
bool IsNotConfirmed(const std::string& svg) {
  return Has(svg, ">有効<") && Has(svg, kNotConfirmedJa) && !Has(svg, kGreen) && !Has(svg, "登録外サイト");
}
// A big-endian 32-bit field of a PNG: its width at 16, its height at 20.
unsigned BadgePngBe32(const std::string& png, size_t at) {
  if (png.size() < at + 4) return 0;
  unsigned v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(png[at + i]);
  return v;
}
bool IsForeign(const std::string& svg, const std::string& host) {
  return Has(svg, kForeignJa) && Has(svg, host) && !Has(svg, kGreen) && !Has(svg, "掲載サイト未確認");
}

}  // namespace

TEST_CASE("badge SVG shows the live status of every kind of mark", "[badges]") {
  PublicRegistry p;
  // As the embed kit's preview asks: the registry's own page counts as a
  // registered site, so each status shows as it is.
  const httplib::Headers own_page = {{"Referer", p.base() + "/embed/J0000"}};
  struct Case {
    std::string number;
    int status;
    const char* ja;
    const char* en;
  };
  const Case cases[] = {
      {p.valid, 200, "有効", "VALID"},
      {p.suspended, 200, "停止中", "SUSPENDED"},
      {p.revoked, 200, "取消", "REVOKED"},
      {p.expired, 200, "期限切れ", "EXPIRED"},
      {p.not_yet_valid, 200, "有効期間前", "NOT YET VALID"},
      {"J9999", 404, "未登録", "NOT REGISTERED"},
  };
  for (const auto& c : cases) {
    INFO(c.number);
    auto ja = p.reg.Get("/badge/" + c.number + ".svg", own_page);
    REQUIRE(ja);
    CHECK(ja->status == c.status);
    CHECK(Header(ja, "Content-Type") == "image/svg+xml; charset=utf-8");
    CHECK(Has(ja->body, "<svg"));
    CHECK(Has(ja->body, ">" + std::string(c.ja) + "<"));
    CHECK(Has(ja->body, "<title"));
    CHECK(Has(ja->body, c.number));
    auto en = p.reg.Get("/badge/" + c.number + ".svg?lang=en", own_page);
    REQUIRE(en);
    CHECK(en->status == c.status);
    CHECK(Has(en->body, ">" + std::string(c.en) + "<"));
    // Only a valid mark is ever green (#1a7f37, verdict.cpp).
    CHECK(Has(ja->body, kGreen) == (c.number == p.valid));
    // Asked with no Referer, the status stays readable; a valid or not yet
    // valid mark says "site not confirmed" beside it, the worse news stays.
    auto bare = p.reg.Get("/badge/" + c.number + ".svg");
    REQUIRE(bare);
    CHECK(bare->status == c.status);
    CHECK(Has(bare->body, ">" + std::string(c.ja) + "<"));
    CHECK_FALSE(Has(bare->body, kGreen));
    const bool variant = c.number == p.valid || c.number == p.not_yet_valid;
    CHECK(Has(bare->body, kNotConfirmedJa) == variant);
    CHECK((bare->body == ja->body) == !variant);
  }
  // A lower-case number finds the mark; the Wi-Fi scheme says so.
  auto lower = p.reg.Get("/badge/" + std::string(1, static_cast<char>(p.valid[0] + 32)) + p.valid.substr(1) + ".svg");
  REQUIRE(lower);
  CHECK(lower->status == 200);
  auto wifi = p.reg.Get("/badge/" + p.wifi + ".svg");
  REQUIRE(wifi);
  CHECK(wifi->status == 200);
  CHECK(Has(wifi->body, "公衆無線LAN"));
}

TEST_CASE("badge images carry embedding, caching and script-blocking headers", "[badges]") {
  PublicRegistry p;
  for (const char* ext : {".svg", ".png"}) {
    INFO(ext);
    auto r = p.reg.Get("/badge/" + p.valid + ext);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(Header(r, "Cross-Origin-Resource-Policy") == "cross-origin");
    CHECK(Header(r, "Access-Control-Allow-Origin") == "*");
    CHECK(Header(r, "Cache-Control") == "public, max-age=60, must-revalidate");
    CHECK(Header(r, "X-Content-Type-Options") == "nosniff");
    CHECK(r->get_header_value_count("Content-Security-Policy") == 1);
    const std::string csp = Header(r, "Content-Security-Policy");
    CHECK(Has(csp, "default-src 'none'"));
    CHECK_FALSE(Has(csp, "script-src"));
    const std::string etag = Header(r, "ETag");
    REQUIRE(etag.size() > 2);
    CHECK(etag.front() == '"');  // strong
    CHECK(etag.back() == '"');
    CHECK(Has(Header(r, "Vary"), "Referer"));

    auto again = p.reg.Get("/badge/" + p.valid + ext, {{"If-None-Match", etag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());
    CHECK(Header(again, "ETag") == etag);
    auto listed = p.reg.Get("/badge/" + p.valid + ext, {{"If-None-Match", "\"x\", W/" + etag}});
    REQUIRE(listed);
    CHECK(listed->status == 304);
    auto other = p.reg.Get("/badge/" + p.valid + ext, {{"If-None-Match", "\"0000\""}});
    REQUIRE(other);
    CHECK(other->status == 200);
    // Language, and the day of the request, are part of the tag.
    auto en = p.reg.Get("/badge/" + p.valid + ext + "?lang=en");
    REQUIRE(en);
    CHECK(Header(en, "ETag") != etag);
  }
  auto png = p.reg.Get("/badge/" + p.valid + ".png");
  REQUIRE(png);
  CHECK(Header(png, "Content-Type") == "image/png");
  CHECK(png->body.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  // Cached render: the same bytes the second time.
  auto png2 = p.reg.Get("/badge/" + p.valid + ".png");
  REQUIRE(png2);
  CHECK(png2->body == png->body);
  auto bad_width = p.reg.Get("/badge/" + p.valid + ".png?width=99999");
  REQUIRE(bad_width);
  CHECK(bad_width->status == 400);
  CHECK(Has(Header(bad_width, "Content-Type"), "application/problem+json"));
  CHECK(nlohmann::json::parse(bad_width->body)["errors"][0]["field"] == "width");
}

TEST_CASE("a status change gives the badge a new ETag and a new picture", "[badges]") {
  PublicRegistry p;
  auto before = p.reg.Get("/badge/" + p.valid + ".svg");
  REQUIRE(before);
  const std::string etag = Header(before, "ETag");
  p.Change(p.valid, "suspend", "確認中");
  auto after = p.reg.Get("/badge/" + p.valid + ".svg", {{"If-None-Match", etag}});
  REQUIRE(after);
  CHECK(after->status == 200);
  CHECK(Header(after, "ETag") != etag);
  CHECK(Has(after->body, ">停止中<"));
  p.Change(p.valid, "reinstate", "確認済み");
  auto back = p.reg.Get("/badge/" + p.valid + ".svg", {{"If-None-Match", Header(after, "ETag")}});
  REQUIRE(back);
  CHECK(back->status == 200);
  CHECK(Has(back->body, ">有効<"));
}

TEST_CASE("a badge shown on a site not registered for the mark warns", "[badges]") {
  PublicRegistry p;
  auto own = p.reg.Get("/badge/" + p.valid + ".svg", {{"Referer", "https://www.sakura-hikari.example.jp/index.html"}});
  auto foreign = p.reg.Get("/badge/" + p.valid + ".svg", {{"Referer", "https://copycat.example.com/about"}});
  auto by_origin = p.reg.Get("/badge/" + p.valid + ".svg", {{"Origin", "https://copycat.example.com"}});
  auto registry_site = p.reg.Get("/badge/" + p.valid + ".svg", {{"Referer", p.base() + "/embed/" + p.valid}});
  auto none = p.reg.Get("/badge/" + p.valid + ".svg");
  REQUIRE((own && foreign && by_origin && registry_site && none));
  CHECK(IsPlainValid(own->body));
  CHECK_FALSE(Has(own->body, "copycat"));
  CHECK(IsForeign(foreign->body, "copycat.example.com"));
  CHECK(IsForeign(by_origin->body, "copycat.example.com"));
  CHECK(IsPlainValid(registry_site->body));
  CHECK(IsNotConfirmed(none->body));
  CHECK(Header(foreign, "ETag") != Header(none, "ETag"));
  CHECK(Header(own, "ETag") != Header(none, "ETag"));
  CHECK(Header(own, "ETag") == Header(registry_site, "ETag"));
  auto foreign_png = p.reg.Get("/badge/" + p.valid + ".png", {{"Referer", "https://copycat.example.com/"}});
  auto own_png = p.reg.Get("/badge/" + p.valid + ".png", {{"Referer", "https://sakura-hikari.example.jp/"}});
  auto none_png = p.reg.Get("/badge/" + p.valid + ".png");
  REQUIRE((foreign_png && own_png && none_png));
  CHECK(foreign_png->body != own_png->body);
  CHECK(none_png->body != own_png->body);
  CHECK(none_png->body != foreign_png->body);
  // A hostile Referer is shown as text.
  auto hostile = p.reg.Get("/badge/" + p.valid + ".svg", {{"Referer", "https://a.example/<script>"}});
  REQUIRE(hostile);
  CHECK_FALSE(Has(hostile->body, "<script"));
  // The worse news wins: a revoked badge stays revoked on a foreign site.
  auto revoked = p.reg.Get("/badge/" + p.revoked + ".svg", {{"Referer", "https://copycat.example.com/"}});
  REQUIRE(revoked);
  CHECK(Has(revoked->body, ">取消<"));
}

TEST_CASE("a prepared badge answers only the request it was made for", "[badges][cache]") {
  PublicRegistry p;
  // Asked first from a copycat site: that warning picture is prepared (and
  // kept) for that site alone, never for the holder's own page or a scan.
  const std::string path = "/badge/" + p.valid + ".svg";
  auto foreign = p.reg.Get(path, {{"Referer", "https://copycat.example.com/about"}});
  auto none = p.reg.Get(path);
  auto own = p.reg.Get(path, {{"Referer", "https://sakura-hikari.example.jp/"}});
  auto foreign_again = p.reg.Get(path, {{"Referer", "https://copycat.example.com/other-page"}});
  auto english = p.reg.Get(path + "?lang=en");
  REQUIRE((foreign && none && own && foreign_again && english));
  CHECK(IsForeign(foreign->body, "copycat.example.com"));
  CHECK(IsNotConfirmed(none->body));
  CHECK_FALSE(Has(none->body, "copycat"));
  CHECK(IsPlainValid(own->body));
  CHECK(foreign_again->body == foreign->body);
  CHECK(Has(english->body, "xml:lang=\"en\""));
  CHECK(english->body != none->body);
  // PNG and SVG, and PNG widths, are different answers.
  auto png = p.reg.Get("/badge/" + p.valid + ".png?width=360");
  auto png_wide = p.reg.Get("/badge/" + p.valid + ".png?width=720");
  REQUIRE((png && png_wide));
  CHECK(Header(png, "Content-Type") == "image/png");
  CHECK(png->body != png_wide->body);
  CHECK(png->body != none->body);
  // A prepared answer still revalidates by its ETag.
  auto revalidated = p.reg.Get(path, {{"If-None-Match", Header(none, "ETag")}});
  REQUIRE(revalidated);
  CHECK(revalidated->status == 304);
  CHECK(Header(revalidated, "Cross-Origin-Resource-Policy") == "cross-origin");
}

TEST_CASE("a badge request without a usable Referer or Origin gets the site-not-confirmed variant", "[badges]") {
  PublicRegistry p;
  const std::string svg = "/badge/" + p.valid + ".svg";
  // What a copier's no-referrer page, a privacy tool or a broken client sends.
  const std::vector<httplib::Headers> unusable = {
      {},
      {{"Referer", ""}},
      {{"Referer", "not a url"}},
      {{"Referer", "android-app://com.example.app/"}},
      {{"Referer", "https://"}},
      {{"Referer", "https://exa mple.jp/"}},
      {{"Origin", "null"}},
      {{"Origin", "garbage"}, {"Referer", "https://sakura-hikari.example.jp/"}},  // the Origin counts first
  };
  auto first = p.reg.Get(svg);
  REQUIRE(first);
  REQUIRE(first->status == 200);
  CHECK(IsNotConfirmed(first->body));
  for (const auto& headers : unusable) {
    INFO((headers.empty() ? std::string("(none)") : headers.begin()->first + ": " + headers.begin()->second));
    auto r = p.reg.Get(svg, headers);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(IsNotConfirmed(r->body));
    CHECK(r->body == first->body);
    CHECK(Header(r, "ETag") == Header(first, "ETag"));
  }
  // English, too.
  auto en = p.reg.Get(svg + "?lang=en");
  REQUIRE(en);
  CHECK(Has(en->body, ">VALID<"));
  CHECK(Has(en->body, kNotConfirmedEn));
  CHECK_FALSE(Has(en->body, kGreen));
  // Every PNG width is the variant: it differs from the holder's own badge
  // at that width and is one picture whatever was unusable.
  for (const std::string q : {"", "?width=360", "?width=1440", "?lang=en&width=400"}) {
    INFO(q);
    const std::string png = "/badge/" + p.valid + ".png" + q;
    auto bare = p.reg.Get(png);
    auto junk = p.reg.Get(png, {{"Referer", "not a url"}});
    auto own = p.reg.Get(png, {{"Referer", "https://sakura-hikari.example.jp/"}});
    REQUIRE((bare && junk && own));
    CHECK(bare->status == 200);
    CHECK(Header(bare, "Content-Type") == "image/png");
    CHECK(bare->body == junk->body);
    CHECK(bare->body != own->body);
    CHECK(Header(bare, "ETag") != Header(own, "ETag"));
  }
  // The registry's own pages (embed kit preview, verify page) get the plain badge.
  for (const std::string& page : {p.base() + "/embed/" + p.valid, p.VerifyUrl(p.valid) + "?lang=en", p.base() + "/"}) {
    INFO(page);
    auto r = p.reg.Get(svg, {{"Referer", page}});
    REQUIRE(r);
    CHECK(IsPlainValid(r->body));
  }
  // A registered host, also as an Origin and with a port; a foreign one.
  auto origin = p.reg.Get(svg, {{"Origin", "https://www.sakura-hikari.example.jp:8443"}});
  auto copycat = p.reg.Get(svg, {{"Referer", "https://copycat.example/"}});
  REQUIRE((origin && copycat));
  CHECK(IsPlainValid(origin->body));
  CHECK(IsForeign(copycat->body, "copycat.example"));
  // The English words of the three looks.
  auto en_own = p.reg.Get(svg + "?lang=en", {{"Referer", "https://sakura-hikari.example.jp/"}});
  auto en_copycat = p.reg.Get(svg + "?lang=en", {{"Referer", "https://copycat.example/"}});
  REQUIRE((en_own && en_copycat));
  CHECK(Has(en_own->body, ">VALID<"));
  CHECK_FALSE(Has(en_own->body, "SITE NOT CONFIRMED"));
  CHECK(Has(en_copycat->body, ">FOREIGN SITE<"));
}

TEST_CASE("badge answers never cross between visitors with and without a Referer", "[badges][cache]") {
  PublicRegistry p;
  const httplib::Headers own = {{"Referer", "https://sakura-hikari.example.jp/"}};
  const httplib::Headers copycat = {{"Referer", "https://copycat.example/"}};
  for (const std::string ext : {".svg", ".png"}) {
    const std::string path = "/badge/" + p.valid + ext;
    // Each variant's answer when asked first (a fresh registry keeps none).
    std::string plain_etag, bare_etag, foreign_etag, plain_body, bare_body;
    for (int round = 0; round < 3; ++round) {
      INFO(ext << " round " << round);
      // Alternate, so that each request follows one for another variant.
      auto a = p.reg.Get(path, own);
      auto b = p.reg.Get(path);
      auto c = p.reg.Get(path, copycat);
      auto d = p.reg.Get(path);
      auto e = p.reg.Get(path, own);
      REQUIRE((a && b && c && d && e));
      if (round == 0) {
        plain_etag = Header(a, "ETag"), bare_etag = Header(b, "ETag"), foreign_etag = Header(c, "ETag");
        plain_body = a->body, bare_body = b->body;
        REQUIRE(plain_etag != bare_etag);
        REQUIRE(bare_etag != foreign_etag);
        REQUIRE(plain_body != bare_body);
      }
      CHECK(Header(a, "ETag") == plain_etag);
      CHECK(Header(e, "ETag") == plain_etag);
      CHECK(Header(b, "ETag") == bare_etag);
      CHECK(Header(d, "ETag") == bare_etag);
      CHECK(Header(c, "ETag") == foreign_etag);
      CHECK(a->body == plain_body);
      CHECK(e->body == plain_body);
      CHECK(b->body == bare_body);
      CHECK(d->body == bare_body);
      if (ext == ".svg") {
        CHECK(IsPlainValid(a->body));
        CHECK(IsNotConfirmed(b->body));
        CHECK(IsForeign(c->body, "copycat.example"));
      }
      for (const httplib::Result* r : {&a, &b, &c}) CHECK(Has(Header(*r, "Vary"), "Origin, Referer"));
    }
    // A browser revalidating one variant's copy from another page gets the
    // other picture, never a 304 for the wrong one.
    auto bare_with_plain_tag = p.reg.Get(path, {{"If-None-Match", plain_etag}});
    auto own_with_bare_tag =
        p.reg.Get(path, {{"Referer", "https://sakura-hikari.example.jp/"}, {"If-None-Match", bare_etag}});
    auto bare_with_bare_tag = p.reg.Get(path, {{"If-None-Match", bare_etag}});
    REQUIRE((bare_with_plain_tag && own_with_bare_tag && bare_with_bare_tag));
    CHECK(bare_with_plain_tag->status == 200);
    CHECK(bare_with_plain_tag->body == bare_body);
    CHECK(own_with_bare_tag->status == 200);
    CHECK(own_with_bare_tag->body == plain_body);
    CHECK(bare_with_bare_tag->status == 304);
  }
}

TEST_CASE("clients missing the same new PNG badge at once share one render", "[badges][cache]") {
  PublicRegistry p;
  // 16 requests at once for a picture nobody has asked for yet; each render
  // counts against the address's 60 a minute.
  const std::string path = "/badge/" + p.valid + ".png";
  const httplib::Headers from_site = {{"Referer", "https://burst.example.com/"}};
  std::vector<std::thread> clients;
  std::vector<int> statuses(16, 0);
  std::vector<std::string> bodies(16);
  for (size_t i = 0; i < statuses.size(); ++i) {
    clients.emplace_back([&, i] {
      auto c = p.reg.markd().Client();
      auto r = c->Get(path.c_str(), from_site);
      if (r) statuses[i] = r->status, bodies[i] = r->body;
    });
  }
  for (auto& t : clients) t.join();
  for (size_t i = 0; i < statuses.size(); ++i) {
    CHECK(statuses[i] == 200);
    CHECK(bodies[i] == bodies[0]);
  }
  // One render was counted: 59 more different pictures are allowed, then 429.
  int rendered = 0;
  for (int i = 0; i < 61; ++i) {
    auto r = p.reg.Get(path, {{"Referer", "https://other" + std::to_string(i) + ".example.com/"}});
    REQUIRE(r);
    if (r->status != 200) {
      CHECK(r->status == 429);
      break;
    }
    ++rendered;
  }
  CHECK(rendered == 59);
}

TEST_CASE("hostile service names are escaped in badge SVGs", "[badges][injection]") {
  PublicRegistry p;
  for (const auto& number : {p.script_mark, p.attr_mark}) {
    for (const char* q : {"", "?lang=en"}) {
      auto r = p.reg.Get("/badge/" + number + ".svg" + q);
      REQUIRE(r);
      INFO(r->body);
      CHECK(r->status == 200);
      CHECK_FALSE(Has(r->body, "<script"));
      CHECK_FALSE(Has(r->body, "<svg onload"));
      CHECK_FALSE(Has(r->body, "\"/>&lt;"));
      CHECK((Has(r->body, "&lt;script&gt;") || Has(r->body, "&quot;/&gt;&lt;svg")));
      // Still well-formed: an XML parser (librsvg) draws it.
      TempDir dir;
      SvgToPngFile(dir, "badge", r->body, 360);
    }
  }
}

TEST_CASE("QR codes decode to exactly the verify URL", "[badges][qr]") {
  PublicRegistry p;
  TempDir dir;
  const std::string want = p.VerifyUrl(p.valid);

  auto png = p.reg.Get("/qr/" + p.valid + ".png");
  REQUIRE(png);
  CHECK(png->status == 200);
  CHECK(Header(png, "Content-Type") == "image/png");
  CHECK(Header(png, "Cross-Origin-Resource-Policy") == "cross-origin");
  CHECK(Header(png, "Access-Control-Allow-Origin") == "*");
  CHECK(DecodeQr(WriteFile(dir, "qr.png", png->body)) == want);

  for (int size : {64, 200, 1024}) {
    auto sized = p.reg.Get("/qr/" + p.valid + ".png?size=" + std::to_string(size));
    REQUIRE(sized);
    CHECK(sized->status == 200);
    CHECK(DecodeQr(WriteFile(dir, "qr-" + std::to_string(size) + ".png", sized->body)) == want);
  }

  auto svg = p.reg.Get("/qr/" + p.valid + ".svg");
  REQUIRE(svg);
  CHECK(svg->status == 200);
  CHECK(Header(svg, "Content-Type") == "image/svg+xml; charset=utf-8");
  CHECK(DecodeQr(SvgToPngFile(dir, "qr", svg->body, 400)) == want);

  // The QR on the badge (PNG from markd, and the SVG drawn by rsvg-convert),
  // in each variant: on the registry's page, with no Referer (site not
  // confirmed) and on a copycat's site.
  const std::vector<std::pair<std::string, httplib::Headers>> variants = {
      {"plain", {{"Referer", p.base() + "/embed/" + p.valid}}},
      {"not-confirmed", {}},
      {"foreign", {{"Referer", "https://copycat.example/"}}}};
  for (const std::string& number : {p.valid, p.wifi, p.revoked}) {
    for (const auto& [name, headers] : variants) {
      INFO(number << " " << name);
      for (const std::string q : {"", "?lang=en", "?width=360"}) {
        auto bpng = p.reg.Get("/badge/" + number + ".png" + q, headers);
        REQUIRE(bpng);
        CHECK(DecodeQr(WriteFile(dir, "badge-" + number + "-" + name + ".png", bpng->body)) == p.VerifyUrl(number));
      }
      auto bsvg = p.reg.Get("/badge/" + number + ".svg", headers);
      REQUIRE(bsvg);
      if (number == p.valid && name == "not-confirmed") REQUIRE(IsNotConfirmed(bsvg->body));
      CHECK(DecodeQr(SvgToPngFile(dir, "badge-" + number + "-" + name, bsvg->body, 1080)) == p.VerifyUrl(number));
    }
  }
  // The not-registered badge's QR leads to the page that says so.
  auto unknown = p.reg.Get("/badge/J9999.png");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(Header(unknown, "Content-Type") == "image/png");
  CHECK(DecodeQr(WriteFile(dir, "unknown.png", unknown->body)) == p.VerifyUrl("J9999"));

  // ETag and 304 for QR codes too.
  const std::string etag = Header(png, "ETag");
  auto again = p.reg.Get("/qr/" + p.valid + ".png", {{"If-None-Match", etag}});
  REQUIRE(again);
  CHECK(again->status == 304);
}

TEST_CASE("QR size is bounded and unknown numbers get no QR", "[badges][qr]") {
  PublicRegistry p;
  for (const char* size : {"10", "63", "1025", "99999999", "abc", "-5", "", "1e3"}) {
    INFO(size);
    auto r = p.reg.Get("/qr/" + p.valid + ".png?size=" + size);
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(Has(Header(r, "Content-Type"), "application/problem+json"));
    auto body = nlohmann::json::parse(r->body, nullptr, false);
    REQUIRE(body.is_object());
    CHECK(body["errors"][0]["field"] == "size");
  }
  auto twice = p.reg.Get("/qr/" + p.valid + ".png?size=100&size=200");
  REQUIRE(twice);
  CHECK(twice->status == 400);
  auto unknown = p.reg.Get("/qr/J9999.png");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(Has(Header(unknown, "Content-Type"), "application/problem+json"));
  auto junk = p.reg.Get("/qr/..%2f..%2fetc.png");
  REQUIRE(junk);
  CHECK(junk->status == 404);
  auto post = p.reg.Post("/badge/" + p.valid + ".svg", "{}");
  REQUIRE(post);
  CHECK(post->status == 405);
}

TEST_CASE("one address cannot keep the PNG renderer busy", "[badges]") {
  PublicRegistry p;
  // Every new foreign host is a new picture (a render); cached ones are free.
  int rendered = 0;
  for (int i = 0; i < 80; ++i) {
    auto r =
        p.reg.Get("/badge/" + p.valid + ".png", {{"Referer", "https://site" + std::to_string(i) + ".example.com/"}});
    REQUIRE(r);
    if (r->status != 200) {
      CHECK(r->status == 429);
      CHECK_FALSE(Header(r, "Retry-After").empty());
      break;
    }
    ++rendered;
  }
  CHECK(rendered == 60);
  // Already rendered pictures and SVGs are still served.
  auto cached = p.reg.Get("/badge/" + p.valid + ".png", {{"Referer", "https://site0.example.com/"}});
  REQUIRE(cached);
  CHECK(cached->status == 200);
  auto svg = p.reg.Get("/badge/" + p.valid + ".svg", {{"Referer", "https://site99.example.com/"}});
  REQUIRE(svg);
  CHECK(svg->status == 200);
}

TEST_CASE("the compact badge follows the same site rules, caches apart from the full one and has no QR",
          "[badges][compact]") {
  PublicRegistry p;
  TempDir dir;
  const std::string compact = "/badge/" + p.valid + "-compact.svg";
  const httplib::Headers own = {{"Referer", "https://sakura-hikari.example.jp/about"}};
  const httplib::Headers copycat = {{"Referer", "https://copycat.example/"}};
  auto plain = p.reg.Get(compact, own);
  auto none = p.reg.Get(compact);
  auto foreign = p.reg.Get(compact, copycat);
  REQUIRE((plain && none && foreign));
  CHECK(plain->status == 200);
  CHECK(Header(plain, "Content-Type") == "image/svg+xml; charset=utf-8");
  CHECK(Header(plain, "Vary") == "Origin, Referer");
  CHECK(Has(plain->body, "data-size=\"compact\""));
  CHECK(Has(plain->body, "width=\"240\" height=\"60\""));
  CHECK_FALSE(Has(plain->body, "crispEdges"));  // no QR
  CHECK(IsPlainValid(plain->body));
  CHECK(IsNotConfirmed(none->body));
  CHECK(IsForeign(foreign->body, "copycat.example"));
  // The live state in <title>, the whole service name with it.
  CHECK(Has(plain->body, "<title>安全・安心マーク (ISP) さくら光, 管理番号 " + p.valid));
  CHECK(Has(plain->body, ": 有効"));
  auto suspended = p.reg.Get("/badge/" + p.suspended + "-compact.svg", own);
  REQUIRE(suspended);
  CHECK(Has(suspended->body, ": 停止中"));
  // Each variant and each size its own ETag: a revalidation never crosses.
  auto full = p.reg.Get("/badge/" + p.valid + ".svg", own);
  REQUIRE(full);
  CHECK(Header(full, "ETag") != Header(plain, "ETag"));
  CHECK(Header(none, "ETag") != Header(plain, "ETag"));
  auto cross =
      p.reg.Get(compact, {{"Referer", "https://sakura-hikari.example.jp/"}, {"If-None-Match", Header(full, "ETag")}});
  REQUIRE(cross);
  CHECK(cross->status == 200);
  auto same =
      p.reg.Get(compact, {{"Referer", "https://sakura-hikari.example.jp/"}, {"If-None-Match", Header(plain, "ETag")}});
  REQUIRE(same);
  CHECK(same->status == 304);
  // An unknown number says so in the compact size too; a bad suffix is not a badge.
  auto unknown = p.reg.Get("/badge/J9999-compact.svg");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(Has(unknown->body, "data-size=\"compact\""));
  // PNG: 2x by default, never under 1x, and no QR in it.
  auto png = p.reg.Get("/badge/" + p.valid + "-compact.png", own);
  REQUIRE(png);
  CHECK(png->status == 200);
  CHECK(Header(png, "Content-Type") == "image/png");
  CHECK(BadgePngBe32(png->body, 16) == 480u);
  auto png1x = p.reg.Get("/badge/" + p.valid + "-compact.png?width=240", own);
  REQUIRE(png1x);
  CHECK(png1x->status == 200);
  CHECK(BadgePngBe32(png1x->body, 16) == 240u);
  CHECK(BadgePngBe32(png1x->body, 20) == 60u);
  auto r = RunCommand({"/usr/bin/zbarimg", "--nodbus", "-q", "--raw", WriteFile(dir, "compact.png", png1x->body)});
  CHECK(r.exit_code == 4);  // no code found
  for (const char* q : {"-compact.png?width=239", ".png?width=359", ".png?width=180"}) {
    auto small = p.reg.Get("/badge/" + p.valid + q);
    REQUIRE(small);
    INFO(q);
    CHECK(small->status == 400);
  }
}

TEST_CASE("the full badge's PNG at 1x is legible and zbarimg reads its QR", "[badges][qr]") {
  PublicRegistry p;
  TempDir dir;
  auto png = p.reg.Get("/badge/" + p.wifi + ".png?width=360", {{"Referer", p.base() + "/embed/" + p.wifi}});
  REQUIRE(png);
  REQUIRE(png->status == 200);
  CHECK(BadgePngBe32(png->body, 16) == 360u);
  CHECK(DecodeQr(WriteFile(dir, "full-1x.png", png->body)) == p.VerifyUrl(p.wifi));
  // Every font size in every variant's SVG is at least 10 px at 1x.
  for (const std::string& path :
       {"/badge/" + p.wifi + ".svg", "/badge/" + p.wifi + "-compact.svg", "/badge/" + p.not_yet_valid + ".svg?lang=en",
        "/badge/" + p.revoked + "-compact.svg"}) {
    auto svg = p.reg.Get(path);
    REQUIRE(svg);
    INFO(path);
    size_t at = 0, seen = 0;
    while ((at = svg->body.find("font-size=\"", at)) != std::string::npos) {
      at += 11;
      CHECK(std::stod(svg->body.substr(at, svg->body.find('"', at) - at)) >= 10.0);
      ++seen;
    }
    CHECK(seen > 3);
  }
}

TEST_CASE("the embed kit offers both sizes, with alt text that names the mark and where to check it",
          "[badges][embed]") {
  PublicRegistry p;
  for (const auto& [query, alt] :
       {std::pair<std::string, std::string>{"", "安全・安心マーク " + p.valid + "（現在の状態は確認ページで）"},
        {"?lang=en", "Safety &amp;amp; Security Mark " + p.valid + " (current status on the check page)"}}) {
    auto page = p.reg.Get("/embed/" + p.valid + query);
    REQUIRE(page);
    REQUIRE(page->status == 200);
    INFO(query);
    // The snippets are shown escaped in their textareas.
    CHECK(Has(page->body,
              "/badge/" + p.valid + ".svg" + (query.empty() ? "" : "?lang=en") + "&quot; width=&quot;360&quot;"));
    CHECK(Has(page->body, "/badge/" + p.valid + "-compact.svg" + (query.empty() ? "" : "?lang=en") +
                              "&quot; width=&quot;240&quot; height=&quot;60&quot;"));
    CHECK(Has(page->body, "alt=&quot;" + alt + "&quot;"));
    CHECK(Has(page->body, "<img src=\"/badge/" + p.valid + "-compact.svg"));
  }
  // A status word never appears in the alt text, whatever the mark's state.
  auto revoked = p.reg.Get("/embed/" + p.revoked);
  REQUIRE(revoked);
  CHECK(Has(revoked->body, "alt=&quot;安全・安心マーク " + p.revoked + "（現在の状態は確認ページで）&quot;"));
}
