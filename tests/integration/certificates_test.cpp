// Certificates end to end: grant, renew, rotate keys, grant again;
// every certificate verifies through markctl, the API and Node's crypto
// (no code of ours); a revocation shows in the status list and status.jwt,
// and markctl verify --status-list then rejects it.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

#include "common/base64.h"
#include "support/process.h"

using mark::testing::BodyJson;

using mark::testing::Markctl;
using mark::testing::RunCommand;
using mark::testing::TestRegistry;
using nlohmann::json;

namespace {

void Write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

std::string Certificate(TestRegistry& reg, const std::string& number) {
  auto r = reg.Get("/api/v1/marks/" + number + "/certificate");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "application/jwt");
  return r->body;
}

json VerifyByApi(TestRegistry& reg, const std::string& jws) {
  auto r = reg.markd().Client()->Post("/api/v1/verify", jws, "application/jwt");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  // Other sites' scripts call this: exactly one CORS header (two make
  // browsers refuse the answer), and nothing keeps a copy.
  CHECK(r->get_header_value_count("Access-Control-Allow-Origin") == 1);
  CHECK(r->get_header_value("Cache-Control") == "no-store");
  return BodyJson(r);
}

}  // namespace

TEST_CASE("certificates verify everywhere across a key rotation, and revocation is seen", "[certificates]") {
  TestRegistry reg;
  std::string first = reg.GrantSample("isp");
  // Renewed inside its renewal window (registry/validity.h), where the test
  // stays (a clock set back would refuse every write: clock_watch.h): the
  // renewed certificate must verify alongside the later ones.
  reg.EnterRenewalWindow(first);
  REQUIRE(reg.Post("/api/v1/marks/" + first + "/renew", R"({"basis":"import"})")->status == 200);
  std::string first_cert = Certificate(reg, first);

  // Rotate while stopped; markd publishes both keys after the restart.
  reg.markd().Stop();
  auto rotated = Markctl({"keys", "rotate", "--keys", reg.keys().string()});
  REQUIRE(rotated.exit_code == 0);
  std::string new_kid = rotated.out.substr(0, rotated.out.find('\n'));
  reg.Restart();
  std::string second = reg.GrantSample("wifi");
  std::string second_cert = Certificate(reg, second);

  auto jwks = reg.Get("/.well-known/jwks.json");
  REQUIRE(jwks);
  CHECK(jwks->get_header_value("Cache-Control").find("max-age") != std::string::npos);
  json keys = BodyJson(jwks)["keys"];
  REQUIRE(keys.size() == 2);
  for (const auto& k : keys) {
    CHECK(k["kty"] == "OKP");
    CHECK(k["crv"] == "Ed25519");
    CHECK(k["alg"] == "EdDSA");
    CHECK(k["use"] == "sig");
    CHECK_FALSE(k.contains("d"));
  }
  const auto& dir = reg.dir();
  Write(dir / "jwks.json", jwks->body);

  for (const auto& [number, cert] : {std::pair{first, first_cert}, std::pair{second, second_cert}}) {
    INFO(number);
    Write(dir / "cert.jwt", cert);
    // Signature and validity hold; with no status list the status is not
    // checked (exit 3) unless the caller says it does not want it.
    auto by_markctl = reg.Markctl({"verify", (dir / "cert.jwt").string(), "--jwks", (dir / "jwks.json").string()});
    CHECK(by_markctl.exit_code == 3);
    CHECK(reg.Markctl({"verify", (dir / "cert.jwt").string(), "--jwks", (dir / "jwks.json").string(), "--no-status"})
              .exit_code == 0);
    auto by_url = reg.Markctl({"verify", reg.markd().base_url() + "/api/v1/marks/" + number + "/certificate", "--jwks",
                               reg.markd().base_url() + "/.well-known/jwks.json"});
    CHECK(by_url.exit_code == 0);
    json api = VerifyByApi(reg, cert);
    CHECK(api["valid"] == true);
    CHECK(api["status_now"] == "valid");
    CHECK(api["mark"]["number"] == number);
    auto by_node = RunCommand({"/usr/bin/env", "node", std::string(MARK_SOURCE_DIR) + "/tests/interop/verify_jws.mjs",
                               (dir / "cert.jwt").string(), (dir / "jwks.json").string()});
    CHECK(by_node.exit_code == 0);
    CHECK(by_node.out.find("ok") != std::string::npos);
  }
  CHECK(second_cert.find(".") != std::string::npos);
  json second_header = json::parse(mark::Base64UrlDecode(second_cert.substr(0, second_cert.find('.'))).value());
  CHECK(second_header["kid"] == new_kid);
  CHECK(second_header["typ"] == "mark+jwt");

  // Revoke the first mark: the status list and status.jwt say so.
  REQUIRE(reg.Post("/api/v1/marks/" + first + "/revoke",
                   json{{"reason", "虚偽表示"}, {"reason_code", "misrepresentation"}}.dump())
              ->status == 200);
  auto list = reg.Get("/api/v1/status-list.jwt");
  REQUIRE(list);
  REQUIRE(list->status == 200);
  Write(dir / "status-list.jwt", list->body);
  std::string list_payload = mark::Base64UrlDecode(list->body.substr(list->body.find('.') + 1,
                                                                     list->body.rfind('.') - list->body.find('.') - 1))
                                 .value();
  CHECK(list_payload.find(first) != std::string::npos);
  CHECK(list_payload.find("misrepresentation") != std::string::npos);
  auto statement = reg.Get("/api/v1/marks/" + first + "/status.jwt");
  REQUIRE(statement);
  std::string st_payload =
      mark::Base64UrlDecode(statement->body.substr(statement->body.find('.') + 1,
                                                   statement->body.rfind('.') - statement->body.find('.') - 1))
          .value();
  CHECK(json::parse(st_payload)["status"] == "revoked");

  Write(dir / "cert.jwt", first_cert);
  auto rejected = reg.Markctl({"verify", (dir / "cert.jwt").string(), "--jwks", (dir / "jwks.json").string(),
                               "--status-list", (dir / "status-list.jwt").string()});
  CHECK(rejected.exit_code == 1);
  CHECK(rejected.out.find("revoked") != std::string::npos);
  json api = VerifyByApi(reg, first_cert);
  CHECK(api["valid"] == false);
  CHECK(api["reason_code"] == "revoked");
  CHECK(api["status_now"] == "revoked");
  // The other mark is untouched.
  Write(dir / "cert.jwt", second_cert);
  CHECK(reg.Markctl({"verify", (dir / "cert.jwt").string(), "--jwks", (dir / "jwks.json").string(), "--status-list",
                     (dir / "status-list.jwt").string()})
            .exit_code == 0);
}

TEST_CASE("POST /api/v1/verify rejects forgeries precisely", "[certificates]") {
  TestRegistry reg;
  std::string number = reg.GrantSample();
  std::string cert = Certificate(reg, number);
  size_t dot1 = cert.find('.'), dot2 = cert.rfind('.');
  std::string header = cert.substr(0, dot1), payload = cert.substr(dot1 + 1, dot2 - dot1 - 1),
              sig = cert.substr(dot2 + 1);
  std::string plain_payload = mark::Base64UrlDecode(payload).value();
  std::string forged_payload = plain_payload;
  forged_payload.replace(forged_payload.find(number), number.size(), "J9999");
  struct Case {
    std::string jws;
    std::string code;
  };
  std::vector<Case> cases = {
      {header + "." + mark::Base64UrlEncode(forged_payload) + "." + sig, "bad_signature"},
      {mark::Base64UrlEncode(R"({"alg":"none","typ":"mark+jwt"})") + "." + payload + ".", "bad_alg"},
      {mark::Base64UrlEncode(R"({"alg":"HS256","typ":"mark+jwt","kid":"x"})") + "." + payload + "." + sig, "bad_alg"},
      {"not-a-jws", "malformed"},
      {header + ".%%%." + sig, "malformed"},
  };
  for (const auto& c : cases) {
    INFO(c.jws.substr(0, 60));
    json r = VerifyByApi(reg, c.jws);
    CHECK(r["valid"] == false);
    CHECK(r["reason_code"] == c.code);
    CHECK(r["mark"].is_null());  // nothing from a forgery is echoed as registry data
  }
  auto json_body = reg.markd().Client()->Post("/api/v1/verify", json{{"certificate", cert}}.dump(), "application/json");
  REQUIRE(json_body);
  CHECK(BodyJson(json_body)["valid"] == true);
  auto too_big = reg.markd().Client()->Post("/api/v1/verify", std::string(20000, 'a'), "application/jwt");
  REQUIRE(too_big);
  CHECK(too_big->status == 413);
  auto wrong = reg.markd().Client()->Post("/api/v1/verify", json{{"cert", cert}}.dump(), "application/json");
  REQUIRE(wrong);
  CHECK(wrong->status == 400);
}

TEST_CASE("keys sealed with a passphrase: markd unlocks them, refuses without", "[certificates][keys]") {
  mark::testing::TempDir dir;
  std::vector<std::string> env{"MARK_KEY_PASSPHRASE=correct horse battery staple"};
  auto gen = Markctl({"keys", "generate", "--keys", (dir / "keys").string()}, "", env);
  REQUIRE(gen.exit_code == 0);
  std::string kid = gen.out.substr(0, gen.out.find('\n'));
  // The key file holds no plain seed: the sealed envelope only.
  std::ifstream key_file(dir / "keys" / (kid + ".key"));
  std::string key_text((std::istreambuf_iterator<char>(key_file)), {});
  CHECK(key_text.find("\"none\"") == std::string::npos);
  auto without = RunCommand({mark::testing::MarkdPath(), "--keys", (dir / "keys").string(), "--db",
                             (dir / "r.db").string(), "--listen", "127.0.0.1:0"},
                            "", {"MARK_KEY_PASSPHRASE="});
  CHECK(without.exit_code == 2);
  auto wrong = RunCommand({mark::testing::MarkdPath(), "--keys", (dir / "keys").string(), "--db",
                           (dir / "r.db").string(), "--listen", "127.0.0.1:0"},
                          "", {"MARK_KEY_PASSPHRASE=wrong"});
  CHECK(wrong.exit_code == 2);
  REQUIRE(Markctl({"keys", "log-init", "--keys", (dir / "keys").string()}, "", env).exit_code == 0);
  auto markd = mark::testing::MarkdProcess::Start({dir / "r.db", dir / "keys", {}, env});
  auto jwks = markd->Client()->Get("/.well-known/jwks.json");
  REQUIRE(jwks);
  CHECK(jwks->body.find(kid) != std::string::npos);
  CHECK(markd->Log().find("correct horse") == std::string::npos);
}

TEST_CASE("retiring a key waits until no current certificate uses it", "[certificates][keys]") {
  TestRegistry reg;
  const std::string number = reg.GrantSample();
  reg.markd().Stop();
  auto list = Markctl({"keys", "list", "--keys", reg.keys().string()});
  REQUIRE(list.exit_code == 0);
  auto first_kid = mark::testing::Markctl({"keys", "rotate", "--keys", reg.keys().string()});
  REQUIRE(first_kid.exit_code == 0);
  // The old kid is the one in the first certificate's header.
  std::string old_kid = list.out.substr(0, 43);
  auto refused = Markctl({"keys", "retire", old_kid, "--keys", reg.keys().string(), "--db", reg.db().string()});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("1 current certificate is still signed by " + old_kid) != std::string::npos);
  CHECK(refused.err.find("certificates reissue --kid " + old_kid) != std::string::npos);
  // There is no way around it any more.
  auto forced =
      Markctl({"keys", "retire", old_kid, "--keys", reg.keys().string(), "--db", reg.db().string(), "--force"});
  CHECK(forced.exit_code == 2);
  auto kept = Markctl({"keys", "list", "--keys", reg.keys().string()});
  CHECK(kept.out.find(old_kid + "  published") != std::string::npos);
}
