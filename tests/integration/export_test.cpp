// markctl export: the static snapshot holds the same bytes the live API
// serves (badges: the "site not confirmed" variant, as markd draws it for a
// request without a Referer), a signed index any mirror can check, the pages
// and scripts the verify and search pages need; a second export rewrites only
// what changed; and markd's prepared answers (ETag, 304) change at once after
// a write.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include <thread>

#include "browser_page.h"
#include "common/base64.h"
#include "support/process.h"

using mark::testing::Markctl;
using mark::testing::RunCommand;
using mark::testing::TestRegistry;
using nlohmann::json;

namespace {

using mark::testing::ReadFile;

std::string ExportSha256Hex(const std::string& bytes) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[2 * sizeof h + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

std::vector<std::string> ExportArgs(TestRegistry& reg, const std::filesystem::path& out) {
  return {"export",
          "--out",
          out.string(),
          "--db",
          reg.db().string(),
          "--keys",
          reg.keys().string(),
          "--public-url",
          reg.markd().base_url(),
          "--static",
          std::string(MARK_SOURCE_DIR) + "/static"};
}

}  // namespace

TEST_CASE("export writes the public registry as signed static files", "[export]") {
  REQUIRE(sodium_init() >= 0);
  TestRegistry reg;
  auto seeded = Markctl({"bench-seed", "--db", reg.db().string(), "--keys", reg.keys().string(), "--count", "12",
                         "--public-url", reg.markd().base_url()});
  REQUIRE(seeded.exit_code == 0);
  const auto out = reg.dir() / "export";
  auto first = Markctl(ExportArgs(reg, out));
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("exported 12 marks") != std::string::npos);

  // The same bytes as the live API.
  int valid_seen = 0;
  for (const std::string n : {"J0001", "T0002", "D0003"}) {
    auto live = reg.Get("/api/v1/marks/" + n);
    REQUIRE(live);
    REQUIRE(live->status == 200);
    CHECK(ReadFile(out / "marks" / (n + ".json")) == live->body);
    auto cert = reg.Get("/api/v1/marks/" + n + "/certificate");
    REQUIRE(cert);
    CHECK(ReadFile(out / "marks" / (n + ".jwt")) == cert->body);
    // A file cannot know the page that shows it: the snapshot's badges are
    // the variant markd draws for a request that names no page.
    const std::string badge = ReadFile(out / "badge" / (n + ".svg"));
    auto live_badge = reg.Get("/badge/" + n + ".svg");
    auto live_badge_en = reg.Get("/badge/" + n + ".svg?lang=en");
    REQUIRE((live_badge && live_badge_en));
    CHECK(badge == live_badge->body);
    CHECK(ReadFile(out / "badge" / (n + ".en.svg")) == live_badge_en->body);
    if (json::parse(live->body)["status"] == "valid") {
      ++valid_seen;
      CHECK(badge.find("· 掲載サイト未確認<") != std::string::npos);
      CHECK(badge.find("#1a7f37") == std::string::npos);
    }
    CHECK(ReadFile(out / "qr" / (n + ".png")).substr(1, 3) == "PNG");
    // The verify page fetches the exported certificate and keys.
    std::string page = ReadFile(out / "v" / (n + ".html"));
    CHECK(page.find("/marks/" + n + ".jwt") != std::string::npos);
    CHECK(page.find("/static/verify.js") != std::string::npos);
  }
  CHECK(valid_seen > 0);
  auto jwks_live = reg.Get("/.well-known/jwks.json");
  REQUIRE(jwks_live);
  CHECK(ReadFile(out / ".well-known" / "jwks.json") == jwks_live->body);
  for (const char* f : {"index.html", "static/search.js", "static/verify.js", "static/site.css", "status-list.jwt"})
    CHECK(std::filesystem::exists(out / f));

  // The index is signed by a published key, says when to expect the next
  // one, and lists every mark.
  std::string jws = ReadFile(out / "index.jws");
  auto dot1 = jws.find('.'), dot2 = jws.rfind('.');
  REQUIRE(dot1 != std::string::npos);
  REQUIRE(dot2 > dot1);
  json header = json::parse(*mark::Base64UrlDecode(jws.substr(0, dot1)));
  json payload = json::parse(*mark::Base64UrlDecode(jws.substr(dot1 + 1, dot2 - dot1 - 1)));
  std::string sig = *mark::Base64UrlDecode(jws.substr(dot2 + 1));
  CHECK(header["typ"] == "mark-index+jwt");
  json jwks = json::parse(jwks_live->body);
  std::string x;
  for (const auto& k : jwks["keys"])
    if (k["kid"] == header["kid"]) x = *mark::Base64UrlDecode(k["x"].get<std::string>());
  REQUIRE(x.size() == crypto_sign_PUBLICKEYBYTES);
  REQUIRE(sig.size() == crypto_sign_BYTES);
  std::string signed_part = jws.substr(0, dot2);
  CHECK(crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                    reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(),
                                    reinterpret_cast<const unsigned char*>(x.data())) == 0);
  CHECK(payload["count"] == 12);
  CHECK(payload["marks"].size() == 12);
  CHECK(payload["next_update"].get<long long>() > payload["iat"].get<long long>());
  CHECK(payload["iss"] == reg.markd().base_url());

  // The open data and the change feed: the bytes markd serves, each named
  // with its hash in the signed index.
  for (const auto& [file, path] :
       {std::pair{"marks.csv", "/api/v1/export/marks.csv"}, std::pair{"marks.jsonl", "/api/v1/export/marks.jsonl"},
        std::pair{"feed.atom", "/feed.atom"}}) {
    INFO(file);
    const std::string bytes = ReadFile(out / file);
    auto served = reg.Get(path);
    REQUIRE(served);
    REQUIRE(served->status == 200);
    CHECK(bytes == served->body);
    CHECK(!bytes.empty());
    REQUIRE(payload["files"].contains(file));
    CHECK(payload["files"][file]["sha256"] == ExportSha256Hex(bytes));
    CHECK(payload["files"][file]["size"] == bytes.size());
  }
  CHECK(ReadFile(out / "marks.csv").rfind("\xEF\xBB\xBFnumber,", 0) == 0);
  const std::string lines = ReadFile(out / "marks.jsonl");
  CHECK(std::count(lines.begin(), lines.end(), '\n') == 12);

  // PNG badges too, and their QR codes still read.
  {
    const auto png_out = reg.dir() / "export-png";
    auto args = ExportArgs(reg, png_out);
    args.push_back("--badge-png");
    auto with_png = Markctl(args);
    INFO(with_png.err);
    REQUIRE(with_png.exit_code == 0);
    auto live_png = reg.Get("/badge/J0001.png");
    REQUIRE(live_png);
    const std::string png = ReadFile(png_out / "badge" / "J0001.png");
    CHECK(png == live_png->body);
    auto decoded =
        RunCommand({"/usr/bin/zbarimg", "--nodbus", "-q", "--raw", (png_out / "badge" / "J0001.png").string()});
    CHECK(decoded.out == reg.markd().base_url() + "/v/J0001\n");
  }

  // Nothing changed: only the index (new issue time) and the manifest move.
  auto second = Markctl(ExportArgs(reg, out));
  REQUIRE(second.exit_code == 0);
  CHECK(std::regex_search(second.out, std::regex(" [1-4] files written")));

  // A suspension through the API changes that mark's files and the status
  // list; markd's cached answer changes at once.
  auto before = reg.Get("/api/v1/marks/J0004");
  REQUIRE(before);
  REQUIRE(before->status == 200);
  auto etag = before->get_header_value("ETag");
  CHECK(!etag.empty());
  auto not_modified = reg.Get("/api/v1/marks/J0004", {{"If-None-Match", etag}});
  REQUIRE(not_modified);
  CHECK(not_modified->status == 304);
  auto r = reg.Post("/api/v1/marks/J0004/suspend", R"({"reason":"テスト","reason_code":"unspecified"})");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  auto after = reg.Get("/api/v1/marks/J0004", {{"If-None-Match", etag}});
  REQUIRE(after);
  CHECK(after->status == 200);
  CHECK(json::parse(after->body)["status"] == "suspended");
  auto third = Markctl(ExportArgs(reg, out));
  REQUIRE(third.exit_code == 0);
  CHECK(json::parse(ReadFile(out / "marks" / "J0004.json"))["status"] == "suspended");
}

TEST_CASE("the exported pages check their signatures in Chromium with verify.js", "[export][browser]") {
  REQUIRE(std::filesystem::exists(mark::testing::kChromium));
  TestRegistry reg;
  REQUIRE(Markctl({"bench-seed", "--db", reg.db().string(), "--keys", reg.keys().string(), "--count", "3"}).exit_code ==
          0);
  const auto out = reg.dir() / "export";
  // Links under another URL than the registry's issuer: the verify pages
  // still expect the stored issuer in the certificates.
  std::vector<std::string> args = ExportArgs(reg, out);
  *(std::find(args.begin(), args.end(), "--public-url") + 1) = "https://mirror.example.jp";
  REQUIRE(Markctl(args).exit_code == 0);

  httplib::Server site;
  REQUIRE(site.set_mount_point("/", out.string()));
  site.set_file_extension_and_mimetype_mapping("jws", "application/jose");
  const int port = site.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { site.listen_after_bind(); });
  while (!site.is_running()) std::this_thread::yield();
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  // The search page checks index.jws with MarkVerify (verify.js), then finds.
  const std::string search = mark::testing::DumpDom(base + "/index.html?q=J0001");
  const std::string verify = mark::testing::DumpDom(base + "/v/J0001.html");
  // A forged index is refused before anything is shown.
  std::string jws = ReadFile(out / "index.jws");
  jws[jws.find('.') + 5] ^= 1;
  {
    std::ofstream forged(out / "index.jws", std::ios::binary | std::ios::trunc);
    forged << jws;
  }
  const std::string refused = mark::testing::DumpDom(base + "/index.html?q=J0001");
  site.stop();
  serving.join();
  CHECK(search.find("Signature verified. 3 marks") != std::string::npos);
  CHECK(search.find("href=\"/v/J0001\"") != std::string::npos);
  CHECK(mark::testing::SigClass(verify) == "sig sig-verified");
  CHECK(refused.find("The index could not be checked") != std::string::npos);
  CHECK(refused.find("href=\"/v/J0001\"") == std::string::npos);
}
