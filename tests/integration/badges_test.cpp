// Badge and QR images from the real markd: live status on the badge, 404
// "not registered" badge, ETag/304, the anti-copy warning from Referer and
// Origin, escaping of hostile service names, cross-site embedding headers,
// and QR codes that zbarimg decodes to exactly {public_url}/v/{number}.
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

}  // namespace

TEST_CASE("badge SVG shows the live status of every kind of mark", "[badges]") {
  PublicRegistry p;
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
    auto ja = p.reg.Get("/badge/" + c.number + ".svg");
    REQUIRE(ja);
    CHECK(ja->status == c.status);
    CHECK(Header(ja, "Content-Type") == "image/svg+xml; charset=utf-8");
    CHECK(Has(ja->body, "<svg"));
    CHECK(Has(ja->body, ">" + std::string(c.ja) + "<"));
    CHECK(Has(ja->body, "<title"));
    CHECK(Has(ja->body, c.number));
    auto en = p.reg.Get("/badge/" + c.number + ".svg?lang=en");
    REQUIRE(en);
    CHECK(en->status == c.status);
    CHECK(Has(en->body, ">" + std::string(c.en) + "<"));
    // Only a valid mark is ever green (#1a7f37, verdict.cpp).
    CHECK(Has(ja->body, "#1a7f37") == (c.number == p.valid));
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
  CHECK(Has(own->body, ">有効<"));
  CHECK_FALSE(Has(own->body, "copycat"));
  CHECK(Has(foreign->body, ">登録外サイト<"));
  CHECK(Has(foreign->body, "copycat.example.com"));
  CHECK_FALSE(Has(foreign->body, "#1a7f37"));
  CHECK(Has(by_origin->body, ">登録外サイト<"));
  CHECK(Has(registry_site->body, ">有効<"));
  CHECK(Header(foreign, "ETag") != Header(none, "ETag"));
  CHECK(Header(own, "ETag") == Header(none, "ETag"));
  auto foreign_png = p.reg.Get("/badge/" + p.valid + ".png", {{"Referer", "https://copycat.example.com/"}});
  auto own_png = p.reg.Get("/badge/" + p.valid + ".png");
  REQUIRE((foreign_png && own_png));
  CHECK(foreign_png->body != own_png->body);
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
  CHECK(Has(foreign->body, ">登録外サイト<"));
  CHECK(Has(none->body, ">有効<"));
  CHECK_FALSE(Has(none->body, "copycat"));
  CHECK(Has(own->body, ">有効<"));
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

  // The QR on the badge (PNG from markd, and the SVG drawn by rsvg-convert).
  for (const std::string& number : {p.valid, p.wifi, p.revoked}) {
    auto bpng = p.reg.Get("/badge/" + number + ".png");
    REQUIRE(bpng);
    CHECK(DecodeQr(WriteFile(dir, "badge-" + number + ".png", bpng->body)) == p.VerifyUrl(number));
    auto bsvg = p.reg.Get("/badge/" + number + ".svg");
    REQUIRE(bsvg);
    CHECK(DecodeQr(SvgToPngFile(dir, "badge-" + number, bsvg->body, 1080)) == p.VerifyUrl(number));
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
    auto r = p.reg.Get("/badge/" + p.valid + ".png", {{"Referer", "https://site" + std::to_string(i) + ".example.com/"}});
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
