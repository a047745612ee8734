// One stable issuer, superseded certificates, and verifiers that agree, over
// HTTP against the real markd: restarts on another public URL keep the
// issuer and the pages verified (headless Chromium runs verify.js); another
// --issuer is refused unless adopted, and adoption re-issues everything;
// GET /.well-known/mark-registry.json; a superseded certificate is reported
// by POST /api/v1/verify, markctl verify (online and offline) and the
// browser's verifier; markctl verify's exit codes and escaping; the verdict
// fixture through markctl verify; certificates reissue before keys retire;
// log prove refuses an entry that is not the current certificate.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <thread>

#include "browser_page.h"
#include "common/base64.h"
#include "crypto/certificate.h"
#include "crypto/key_store.h"
#include "support/process.h"

using mark::testing::BodyJson;
using mark::testing::DumpDom;
using mark::testing::Has;
using mark::testing::MarkdPath;
using mark::testing::MarkdProcess;
using mark::testing::RunCommand;
using mark::testing::SigClass;
using mark::testing::TempDir;
using mark::testing::TestClock;
using mark::testing::TestRegistry;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kSourceDir = MARK_SOURCE_DIR;

void PutFile(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::string CurrentCert(const MarkdProcess& markd, const std::string& number) {
  auto r = markd.Client()->Get(("/api/v1/marks/" + number + "/certificate").c_str());
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return r->body;
}

json ClaimsOf(const std::string& jws) {
  const size_t a = jws.find('.'), b = jws.rfind('.');
  return json::parse(mark::Base64UrlDecode(jws.substr(a + 1, b - a - 1)).value());
}

json PostVerify(const MarkdProcess& markd, const std::string& jws) {
  auto r = markd.Client()->Post("/api/v1/verify", jws, "application/jwt");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return BodyJson(r);
}

json WellKnown(const MarkdProcess& markd) {
  auto r = markd.Client()->Get("/.well-known/mark-registry.json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return BodyJson(r);
}

// A mark granted on paper before this system: no review needed.
std::string ImportMark(const MarkdProcess& markd, const std::string& token, const std::string& number) {
  auto c = markd.Client();
  const httplib::Headers auth{{"Authorization", "Bearer " + token}};
  auto op = c->Post("/api/v1/operators", auth,
                    json{{"name", "移転後通信" + number},
                         {"name_en", "Moved " + number},
                         {"website", "https://" + number + ".example.jp/"}}
                        .dump(),
                    "application/json");
  REQUIRE(op);
  REQUIRE(op->status == 201);
  auto svc = c->Post("/api/v1/services", auth,
                     json{{"operator_id", BodyJson(op)["id"]},
                          {"scheme", "isp"},
                          {"name", "移転後光" + number},
                          {"name_en", "Moved Hikari " + number},
                          {"domains", {"m" + number + ".example.jp"}}}
                         .dump(),
                     "application/json");
  REQUIRE(svc);
  REQUIRE(svc->status == 201);
  auto m = c->Post(
      "/api/v1/marks", auth,
      json{{"service_id", BodyJson(svc)["id"]}, {"first_review_body", "JAIPA"}, {"basis", "import"}, {"number", number}}
          .dump(),
      "application/json");
  REQUIRE(m);
  INFO(m->body);
  REQUIRE(m->status == 201);
  return number;
}

// markd on the test registry's files and clock with `extra` flags.
std::unique_ptr<MarkdProcess> StartOn(TestRegistry& reg, const std::vector<std::string>& extra) {
  return MarkdProcess::Start({reg.db(), reg.keys(), Concat(reg.clock().Args(), extra), {}});
}

// markd that must refuse to start: its exit code and stderr.
mark::testing::CommandResult RunRefused(TestRegistry& reg, const std::vector<std::string>& extra) {
  return RunCommand(Concat({"/usr/bin/timeout", "20", MarkdPath(), "--db", reg.db().string(), "--keys",
                            reg.keys().string(), "--listen", "127.0.0.1:0", "--quiet"},
                           Concat(reg.clock().Args(), extra)));
}

long long UnixAt(mark::Instant at) { return mark::UnixSeconds(at); }

}  // namespace

TEST_CASE("markd on another public URL keeps its issuer, and its pages still verify", "[issuer][browser]") {
  REQUIRE(fs::exists(mark::testing::kChromium));
  TestRegistry reg;
  const std::string first_url = reg.markd().base_url();
  const std::string number = reg.GrantSample();
  const std::string before = CurrentCert(reg.markd(), number);
  CHECK(ClaimsOf(before)["iss"] == first_url);
  reg.markd().Stop();

  // Moved: behind a proxy on https, markd itself on another port.
  auto moved = StartOn(reg, {"--public-url", "https://moved.example.jp/"});
  CHECK(moved->base_url() != first_url);
  const std::string log = mark::testing::ReadUntilHasAll([&] { return moved->Log(); }, {"public URL"});
  CHECK(
      Has(log, "markd: issuer " + first_url + " (stored; certificates name it), public URL https://moved.example.jp"));
  json doc = WellKnown(*moved);
  CHECK(doc["issuer"] == first_url);
  CHECK(doc["public_url"] == "https://moved.example.jp");
  CHECK(CurrentCert(*moved, number) == before);
  // A grant after the move carries the same issuer.
  const std::string later = ImportMark(*moved, reg.token(), "J0100");
  CHECK(ClaimsOf(CurrentCert(*moved, later))["iss"] == first_url);
  CHECK(PostVerify(*moved, CurrentCert(*moved, later))["valid"] == true);
  // The pages compare with the stored issuer, not with the URL they are
  // served at: both marks' pages say the signature was verified.
  for (const auto& n : {number, later}) {
    INFO(n);
    const std::string dom = DumpDom(moved->base_url() + "/v/" + n);
    CHECK(SigClass(dom) == "sig sig-verified");
    CHECK(Has(dom, "data-iss=\"" + first_url + "\""));
  }
}

TEST_CASE("markctl demo, then markd at any address: every page verifies", "[issuer][browser]") {
  REQUIRE(fs::exists(mark::testing::kChromium));
  TempDir dir;
  TestClock clock(dir / "clock", std::chrono::system_clock::now());
  auto markctl = [&](const std::vector<std::string>& args) {
    return mark::testing::Markctl(Concat(clock.Args(), args));
  };
  REQUIRE(markctl({"keys", "generate", "--keys", (dir / "keys").string()}).exit_code == 0);
  auto demo = markctl({"demo", "--db", (dir / "r.db").string(), "--keys", (dir / "keys").string(), "--criteria",
                       kSourceDir + "/server/criteria/isp-2023-excerpt.json"});
  INFO(demo.err);
  REQUIRE(demo.exit_code == 0);
  // The demo's default issuer is tools/run's address; this markd is elsewhere.
  auto markd = MarkdProcess::Start({dir / "r.db", dir / "keys", clock.Args(), {}});
  CHECK(markd->base_url() != "http://127.0.0.1:8080");
  CHECK(WellKnown(*markd)["issuer"] == "http://127.0.0.1:8080");
  for (const char* n : {"J0001", "D0003", "J0006"}) {  // valid, suspended, revoked
    INFO(n);
    CHECK(SigClass(DumpDom(markd->base_url() + "/v/" + n)) == "sig sig-verified");
  }
}

TEST_CASE("told another issuer, markd refuses to start unless it adopts it", "[issuer]") {
  TestRegistry reg;
  const std::string first_url = reg.markd().base_url();
  const std::string a = reg.GrantSample();
  const std::string b = reg.GrantSample();
  REQUIRE(reg.Post("/api/v1/marks/" + b + "/revoke", json{{"reason", "虚偽表示"}}.dump())->status == 200);
  const std::string old_a = CurrentCert(reg.markd(), a);
  reg.markd().Stop();

  auto refused = RunRefused(reg, {"--issuer", "https://mark.example.jp"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err == "markd: the registry's issuer is " + first_url +
                           ", not https://mark.example.jp; to change it, add --adopt-issuer (re-issues every current "
                           "certificate under https://mark.example.jp)\n");
  auto no_issuer = RunRefused(reg, {"--adopt-issuer"});
  CHECK(no_issuer.exit_code == 2);
  CHECK(no_issuer.err == "markd: --adopt-issuer needs --issuer URL (the issuer to adopt)\n");
  // Its own issuer, given explicitly, is fine.
  StartOn(reg, {"--issuer", first_url + "/"})->Stop();

  reg.clock().Advance(std::chrono::minutes(1));
  auto markd = StartOn(reg, {"--issuer", "https://mark.example.jp", "--adopt-issuer"});
  const std::string log = mark::testing::ReadUntilHasAll([&] { return markd->Log(); }, {"re-issued"});
  CHECK(Has(log, "markd: issuer is now https://mark.example.jp (was " + first_url + "); re-issued 2 certificates"));
  CHECK(WellKnown(*markd)["issuer"] == "https://mark.example.jp");
  for (const auto& n : {a, b}) {
    INFO(n);
    CHECK(ClaimsOf(CurrentCert(*markd, n))["iss"] == "https://mark.example.jp");
  }
  // The old certificate is superseded; the answer says where the new one is.
  json old = PostVerify(*markd, old_a);
  CHECK(old["valid"] == false);
  CHECK(old["reason_code"] == "superseded");
  CHECK(old["current_certificate"] == markd->base_url() + "/api/v1/marks/" + a + "/certificate");
  CHECK(PostVerify(*markd, CurrentCert(*markd, a))["valid"] == true);
  // History, audit and log say what happened.
  const httplib::Headers auth{{"Authorization", "Bearer " + reg.token()}};
  auto history = markd->Client()->Get(("/api/v1/marks/" + a + "/history").c_str(), auth);
  REQUIRE(history);
  const json events = BodyJson(history)["events"];
  INFO(history->body);
  REQUIRE(events.size() == 2);
  CHECK(events.back()["kind"] == "reissued");
  CHECK(events.back()["actor"] == "markd --adopt-issuer");
  auto audit = markd->Client()->Get("/api/v1/audit?limit=10", auth);
  REQUIRE(audit);
  CHECK(Has(audit->body, "\"action\":\"mark.reissue\""));
  CHECK(Has(audit->body, "\"action\":\"registry.issuer\""));
  auto prove = reg.Markctl({"log", "prove", a, "--server", markd->base_url()});
  INFO(prove.err);
  CHECK(prove.exit_code == 0);
  auto check = reg.Markctl({"check", "--db", reg.db().string(), "--keys", reg.keys().string()});
  INFO(check.out);
  CHECK(check.exit_code == 0);
  // Adopted for good: a plain restart keeps it, the page verifies with it.
  markd->Stop();
  auto again = StartOn(reg, {});
  CHECK(WellKnown(*again)["issuer"] == "https://mark.example.jp");
  CHECK(SigClass(DumpDom(again->base_url() + "/v/" + a)) == "sig sig-verified");
}

TEST_CASE("GET /.well-known/mark-registry.json says who the registry is and where", "[issuer]") {
  TestRegistry reg({"--public-url", "https://registry.test"});
  auto r = reg.Get("/.well-known/mark-registry.json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type").rfind("application/json", 0) == 0);
  CHECK(r->get_header_value("Cache-Control") == "public, max-age=300");
  CHECK(r->get_header_value("Access-Control-Allow-Origin") == "*");
  CHECK(BodyJson(r) == json{{"issuer", "https://registry.test"},
                            {"public_url", "https://registry.test"},
                            {"jwks_uri", "https://registry.test/.well-known/jwks.json"},
                            {"status_list_uri", "https://registry.test/api/v1/status-list.jwt"},
                            {"log_checkpoint_uri", "https://registry.test/api/v1/log/checkpoint"}});
  // What it names is what the registry serves.
  CHECK(reg.Get("/.well-known/jwks.json")->status == 200);
  CHECK(reg.Get("/api/v1/status-list.jwt")->status == 200);
  CHECK(reg.Get("/api/v1/log/checkpoint")->status == 200);
}

TEST_CASE("a superseded certificate is not valid, wherever it is checked", "[issuer][superseded]") {
  TestRegistry reg;
  const std::string number = reg.GrantSample();
  const std::string old_cert = CurrentCert(reg.markd(), number);
  reg.EnterRenewalWindow(number);  // a renewal is what issues the newer certificate here
  REQUIRE(reg.Post("/api/v1/marks/" + number + "/renew", R"({"basis":"import"})")->status == 200);
  const std::string new_cert = CurrentCert(reg.markd(), number);
  REQUIRE(new_cert != old_cert);
  const std::string base = reg.markd().base_url();
  const fs::path dir = reg.dir().path();
  PutFile(dir / "old.jwt", old_cert);
  PutFile(dir / "new.jwt", new_cert);

  // The API.
  json api = PostVerify(reg.markd(), old_cert);
  CHECK(api["valid"] == false);
  CHECK(api["reason_code"] == "superseded");
  CHECK(api["current"] == false);
  CHECK(api["current_certificate"] == base + "/api/v1/marks/" + number + "/certificate");
  CHECK(api["status_now"] == "valid");
  CHECK(PostVerify(reg.markd(), new_cert)["valid"] == true);

  // markctl verify against the registry.
  auto online = reg.Markctl({"verify", (dir / "old.jwt").string(), "--registry", base});
  CHECK(online.exit_code == 1);
  CHECK(Has(online.out, "invalid (superseded): certificate for " + number + " is superseded by a newer certificate"));
  CHECK(reg.Markctl({"verify", (dir / "new.jwt").string(), "--registry", base}).exit_code == 0);

  // Offline: the JWKS and the signed status list as files.
  PutFile(dir / "jwks.json", reg.Get("/.well-known/jwks.json")->body);
  PutFile(dir / "list.jwt", reg.Get("/api/v1/status-list.jwt")->body);
  auto offline = reg.Markctl({"verify", (dir / "old.jwt").string(), "--jwks", (dir / "jwks.json").string(),
                              "--status-list", (dir / "list.jwt").string()});
  CHECK(offline.exit_code == 1);
  CHECK(Has(offline.out, "superseded by a newer certificate"));
  CHECK(reg.Markctl({"verify", (dir / "new.jwt").string(), "--jwks", (dir / "jwks.json").string(), "--status-list",
                     (dir / "list.jwt").string()})
            .exit_code == 0);

  // The browser's verifier (static/verify.js) with the same files.
  const std::string at = std::to_string(UnixAt(reg.clock().Now()));
  auto browser =
      RunCommand({"/usr/bin/env", "node", kSourceDir + "/tests/interop/markverify.mjs", (dir / "old.jwt").string(),
                  (dir / "jwks.json").string(), "--status-list", (dir / "list.jwt").string(), "--at", at});
  INFO(browser.err);
  CHECK(browser.exit_code == 1);
  CHECK(browser.out == "superseded\n");
  auto browser_new =
      RunCommand({"/usr/bin/env", "node", kSourceDir + "/tests/interop/markverify.mjs", (dir / "new.jwt").string(),
                  (dir / "jwks.json").string(), "--status-list", (dir / "list.jwt").string(), "--at", at});
  CHECK(browser_new.out == "valid\n");
  // The verify page checks the current certificate.
  CHECK(SigClass(DumpDom(base + "/v/" + number)) == "sig sig-verified");
}

TEST_CASE("markctl verify: exit codes 0, 1, 2, 3 and --no-status", "[issuer][verify]") {
  TestRegistry reg;
  const std::string base = reg.markd().base_url();
  const std::string good = reg.GrantSample();
  const std::string revoked = reg.GrantSample();
  REQUIRE(reg.Post("/api/v1/marks/" + revoked + "/revoke", json{{"reason", "虚偽表示"}}.dump())->status == 200);
  const fs::path dir = reg.dir().path();
  PutFile(dir / "good.jwt", CurrentCert(reg.markd(), good));
  PutFile(dir / "jwks.json", reg.Get("/.well-known/jwks.json")->body);
  const std::string cert_url = base + "/api/v1/marks/" + good + "/certificate";

  auto ok = reg.Markctl({"verify", cert_url, "--registry", base});
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.rfind("valid: certificate for " + good, 0) == 0);
  CHECK(Has(ok.out, "status checked against the list of"));
  // The registry of a JWKS given as a URL is asked too.
  CHECK(reg.Markctl({"verify", cert_url, "--jwks", base + "/.well-known/jwks.json"}).exit_code == 0);
  auto bad = reg.Markctl({"verify", base + "/api/v1/marks/" + revoked + "/certificate", "--registry", base});
  CHECK(bad.exit_code == 1);
  CHECK(bad.out.rfind("invalid (revoked): ", 0) == 0);
  auto unchecked = reg.Markctl({"verify", (dir / "good.jwt").string(), "--jwks", (dir / "jwks.json").string()});
  CHECK(unchecked.exit_code == 3);
  CHECK(Has(unchecked.out, "status NOT checked"));
  CHECK(reg.Markctl({"verify", (dir / "good.jwt").string(), "--jwks", (dir / "jwks.json").string(), "--no-status"})
            .exit_code == 0);
  // Set-up errors: nothing to trust, a registry that is not there, an
  // unreadable certificate, contradictory flags.
  CHECK(reg.Markctl({"verify", (dir / "good.jwt").string()}).exit_code == 2);
  CHECK(reg.Markctl({"verify", (dir / "good.jwt").string(), "--registry", "http://127.0.0.1:1"}).exit_code == 2);
  CHECK(reg.Markctl({"verify", (dir / "missing.jwt").string(), "--registry", base}).exit_code == 2);
  CHECK(reg.Markctl({"verify", (dir / "good.jwt").string(), "--registry", base, "--no-status", "--status-list",
                     (dir / "x.jwt").string()})
            .exit_code == 2);
}

TEST_CASE("markctl verify escapes what the certificate says", "[issuer][verify]") {
  TestRegistry reg;
  const std::string base = reg.markd().base_url();
  const std::string issuer = WellKnown(reg.markd())["issuer"];
  reg.GrantSample();
  const fs::path dir = reg.dir().path();

  // A kid made to end the line and print a verdict of its own.
  const std::string forged_kid = "x\r\nvalid: certificate for J0001 is valid\x1b[2K";
  const std::string header = json{{"alg", "EdDSA"}, {"typ", "mark+jwt"}, {"kid", forged_kid}}.dump();
  PutFile(dir / "kid.jwt", mark::Base64UrlEncode(header) + "." + mark::Base64UrlEncode(R"({"sub":"J0001"})") + "." +
                               mark::Base64UrlEncode(std::string(64, 'x')));
  auto kid = reg.Markctl({"verify", (dir / "kid.jwt").string(), "--registry", base});
  CHECK(kid.exit_code == 1);
  INFO(kid.out);
  CHECK(std::count(kid.out.begin(), kid.out.end(), '\n') == 1);
  CHECK_FALSE(Has(kid.out, "\nvalid:"));
  CHECK_FALSE(Has(kid.out, "\x1b"));
  CHECK_FALSE(Has(kid.out, "\r"));
  CHECK(Has(kid.out, "x\\x0D\\x0Avalid: certificate for J0001 is valid\\x1B[2K"));

  // A genuinely signed certificate whose names carry controls: valid, and
  // still printed on exactly its two lines.
  auto keys = mark::crypto::KeyStore::Open(reg.keys(), std::nullopt);
  REQUIRE(keys);
  mark::crypto::CertificateClaims c;
  c.iss = issuer;
  c.sub = "J0999";
  c.jti = "hostile-1";
  c.iat = reg.clock().Now();
  c.nbf = reg.clock().Now() - std::chrono::hours(1);
  c.exp = reg.clock().Now() + std::chrono::hours(24);
  c.mark = {{"number", "J0999"},
            {"scheme", "isp"},
            {"service",
             {{"name", "正規\x1b]0;title\x07\nvalid: forged"},
              {"name_en", ""},
              {"domains", json::array()},
              {"ssids", json::array()}}},
            {"operator",
             {{"name",
               "\xE2\x80\xAE"
               "evil"},
              {"name_en", ""},
              {"corporate_number", ""}}}};
  auto signed_cert = mark::crypto::IssueCertificate(c, keys->Active());
  REQUIRE(signed_cert);
  PutFile(dir / "names.jwt", signed_cert->jws);
  auto names = reg.Markctl({"verify", (dir / "names.jwt").string(), "--registry", base});
  INFO(names.out);
  CHECK(names.exit_code == 0);
  CHECK(std::count(names.out.begin(), names.out.end(), '\n') == 2);
  CHECK_FALSE(Has(names.out, "\x1b"));
  CHECK_FALSE(Has(names.out, "\x07"));
  CHECK(Has(names.out, "正規\\x1B]0;title\\x07\\x0Avalid: forged / \\u{202E}evil"));
}

TEST_CASE("markctl verify agrees with the verdict fixture, and so does verify.js in Node", "[issuer][fixtures]") {
  const fs::path fixtures = kSourceDir + "/tests/fixtures";
  std::ifstream in(fixtures / "verdicts.json");
  const json doc = json::parse(in);
  const std::string at = doc["at_rfc3339"];
  const std::string jwks = (fixtures / doc["jwks"].get<std::string>()).string();
  const std::string list = (fixtures / doc["status_list"].get<std::string>()).string();
  TempDir dir;
  REQUIRE(doc["cases"].size() >= 30);
  for (const auto& c : doc["cases"]) {
    const std::string name = c["name"];
    INFO(name);
    PutFile(dir / "cert.jwt", c["certificate"].get<std::string>());
    std::vector<std::string> args = {"verify", (dir / "cert.jwt").string(), "--jwks", jwks, "--at", at};
    // With the list, the issuer expected is the list's own (offline use);
    // without it, given.
    if (c["status_list"].get<bool>())
      args = Concat(args, {"--status-list", list});
    else
      args = Concat(args, {"--no-status", "--issuer", doc["issuer"].get<std::string>()});
    auto r = mark::testing::Markctl(args);
    INFO(r.out << r.err);
    const std::string code = c["expect"]["reason_code"];
    if (c["expect"]["valid"].get<bool>()) {
      CHECK(r.exit_code == 0);
      CHECK(r.out.rfind("valid: ", 0) == 0);
    } else {
      CHECK(r.exit_code == 1);
      CHECK(r.out.rfind("invalid (" + code + "): ", 0) == 0);
    }
  }
  auto node = RunCommand({"/usr/bin/env", "node", kSourceDir + "/tests/interop/verdicts.mjs"});
  INFO(node.out << node.err);
  CHECK(node.exit_code == 0);
  CHECK(Has(node.out, "ok   node: " + std::to_string(doc["cases"].size()) + "/"));
}

TEST_CASE("certificates reissue --kid moves every current certificate, then the key retires", "[issuer][keys]") {
  TestRegistry reg;
  const std::string a = reg.GrantSample();
  const std::string b = reg.GrantSample();
  REQUIRE(reg.Post("/api/v1/marks/" + b + "/revoke", json{{"reason", "虚偽表示"}}.dump())->status == 200);
  const std::string old_cert = CurrentCert(reg.markd(), a);
  const std::string old_kid = json::parse(mark::Base64UrlDecode(old_cert.substr(0, old_cert.find('.'))).value())["kid"];
  reg.markd().Stop();
  auto rotated = reg.Markctl({"keys", "rotate", "--keys", reg.keys().string()});
  REQUIRE(rotated.exit_code == 0);
  const std::string new_kid = rotated.out.substr(0, rotated.out.find('\n'));
  const std::vector<std::string> retire = {"keys", "retire",         old_kid, "--keys", reg.keys().string(),
                                           "--db", reg.db().string()};

  // Refused while current certificates (the revoked mark's too) need it.
  auto refused = reg.Markctl(retire);
  CHECK(refused.exit_code == 1);
  CHECK(Has(refused.err, "2 current certificates are still signed by " + old_kid + " (1 of them valid now)"));
  CHECK(Has(refused.err, "markctl certificates reissue --kid " + old_kid));
  // The active key has nothing to move from.
  CHECK(reg.Markctl(
               {"certificates", "reissue", "--kid", new_kid, "--db", reg.db().string(), "--keys", reg.keys().string()})
            .exit_code == 2);

  reg.clock().Advance(std::chrono::minutes(1));
  auto moved = reg.Markctl(
      {"certificates", "reissue", "--kid", old_kid, "--db", reg.db().string(), "--keys", reg.keys().string()});
  INFO(moved.err);
  CHECK(moved.exit_code == 0);
  CHECK(moved.out.rfind("re-issued 2 certificates with key " + new_kid, 0) == 0);
  auto retired = reg.Markctl(retire);
  INFO(retired.err);
  CHECK(retired.exit_code == 0);

  reg.Restart();
  const std::string now_cert = CurrentCert(reg.markd(), a);
  json header = json::parse(mark::Base64UrlDecode(now_cert.substr(0, now_cert.find('.'))).value());
  CHECK(header["kid"] == new_kid);
  CHECK(ClaimsOf(now_cert)["nbf"] == ClaimsOf(old_cert)["nbf"]);
  CHECK(ClaimsOf(now_cert)["exp"] == ClaimsOf(old_cert)["exp"]);
  CHECK(PostVerify(reg.markd(), now_cert)["valid"] == true);
  CHECK(PostVerify(reg.markd(), old_cert)["reason_code"] == "unknown_key");  // its key is gone
  CHECK(SigClass(DumpDom(reg.markd().base_url() + "/v/" + b)) == "sig sig-verified");
  auto prove = reg.Markctl({"log", "prove", a, "--server", reg.markd().base_url()});
  INFO(prove.err);
  CHECK(prove.exit_code == 0);
  auto check = reg.Markctl({"check", "--db", reg.db().string(), "--keys", reg.keys().string()});
  INFO(check.out);
  CHECK(check.exit_code == 0);
}

TEST_CASE("markctl log prove refuses an entry that is not the mark's current certificate", "[issuer][log]") {
  TestRegistry reg;
  const std::string number = reg.GrantSample();
  const long long first_index = BodyJson(reg.Get("/api/v1/marks/" + number))["log_index"];
  reg.EnterRenewalWindow(number);  // a renewal is what issues the newer certificate here
  REQUIRE(reg.Post("/api/v1/marks/" + number + "/renew", R"({"basis":"import"})")->status == 200);
  CHECK(reg.Markctl({"log", "prove", number, "--server", reg.markd().base_url()}).exit_code == 0);

  // A server that answers for the mark with the log index of its first,
  // superseded certificate (a genuine entry about the same mark).
  httplib::Server proxy;
  const int markd_port = reg.markd().port();
  proxy.Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    httplib::Client upstream("127.0.0.1", markd_port);
    std::string path = req.path;
    if (!req.params.empty()) {
      path += "?";
      for (const auto& [k, v] : req.params) path += k + "=" + v + "&";
      path.pop_back();
    }
    auto r = upstream.Get(path.c_str());
    if (!r) return void(res.status = 502);
    res.status = r->status;
    std::string body = r->body;
    if (req.path == "/api/v1/marks/" + number) {
      json m = json::parse(body);
      m["log_index"] = first_index;
      body = m.dump();
    }
    res.set_content(body, r->get_header_value("Content-Type").c_str());
  });
  const int port = proxy.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { proxy.listen_after_bind(); });
  while (!proxy.is_running()) std::this_thread::yield();
  auto lied = reg.Markctl({"log", "prove", number, "--server", "http://127.0.0.1:" + std::to_string(port)});
  proxy.stop();
  serving.join();
  INFO(lied.out << lied.err);
  CHECK(lied.exit_code == 1);
  CHECK(Has(lied.err, "does not record mark " + number + "'s current certificate"));
}
