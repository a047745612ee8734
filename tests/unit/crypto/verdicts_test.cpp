// The verdict fixture: certificates and the verdict every verifier must
// reach on them (tests/fixtures/verdicts.json, with its JWKS and signed
// status list beside it). Four verifiers read the same file and must agree:
// this one (crypto/verifier.h), markctl verify (integration test
// "markctl verify agrees with the verdict fixture"), and static/verify.js in
// Node and in Chromium (tests/interop/verdicts.mjs).
//
// The files are generated here, deterministically: fixed-seed keys, a fixed
// instant, and Ed25519 signing is deterministic. This test insists the
// committed files are exactly what the generator makes; to change a case,
// edit Cases() and run
//   MARK_WRITE_FIXTURES=1 build/bin/unit_crypto "[fixtures]"
// then commit the three files.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/base64.h"
#include "crypto/certificate.h"
#include "crypto/jwk.h"
#include "crypto/jws.h"
#include "crypto/status_token.h"
#include "crypto/verifier.h"
#include "fixtures.h"

using namespace mark;
using namespace mark::crypto;
using namespace mark::crypto::testing;
using nlohmann::ordered_json;
namespace fs = std::filesystem;

namespace {

const fs::path kFixtureDir = fs::path(MARK_SOURCE_DIR) / "tests" / "fixtures";
constexpr const char* kVerdictsFile = "verdicts.json";
constexpr const char* kJwksFile = "verdicts-jwks.json";
constexpr const char* kListFile = "verdicts-status-list.jwt";
constexpr const char* kFixtureIssuer = "https://registry.example.jp";

// Every verdict is reached at this instant.
const Instant kFixtureAt = FromUnixSeconds(1'800'000'000);
constexpr std::chrono::hours kOneDay{24};

struct VerdictCase {
  std::string name;
  std::string certificate;
  bool with_status_list = true;
  bool valid = false;
  std::string reason_code;
};

struct VerdictFiles {
  std::string fixture_json;
  std::string jwks_json;
  std::string status_list_jws;
};

struct FixtureKeys {
  Signer active = SignerFromSeed('r');
  Signer older = SignerFromSeed('o');     // rotated out, still published
  Signer stranger = SignerFromSeed('s');  // never published
};

CertificateClaims FixtureClaims(const std::string& number, const std::string& jti,
                                Instant iat = kFixtureAt - 30 * kOneDay) {
  CertificateClaims c = SampleClaims(number);
  c.iss = kFixtureIssuer;
  c.jti = jti;
  c.iat = iat;
  c.nbf = kFixtureAt - 30 * kOneDay;
  c.exp = kFixtureAt + 335 * kOneDay;
  return c;
}

std::string SignFixture(const CertificateClaims& c, const Signer& signer) {
  auto t = IssueCertificate(c, signer);
  if (!t) throw std::runtime_error(t.error().message);
  return t->jws;
}

// The payload text IssueCertificate signs for `c`.
std::string PayloadText(const CertificateClaims& c, const Signer& signer) {
  auto t = IssueCertificate(c, signer);
  if (!t) throw std::runtime_error(t.error().message);
  return t->payload;
}

// Any header and payload text, signed by `signer`.
std::string SignRaw(const std::string& header, const std::string& payload, const Signer& signer) {
  auto t = SignCompact(header, payload, signer);
  if (!t) throw std::runtime_error(t.error().message);
  return *t;
}

std::string HeaderText(const std::string& kid, const std::string& typ = "mark+jwt") {
  return ordered_json{{"alg", "EdDSA"}, {"typ", typ}, {"kid", kid}}.dump();
}

std::vector<std::string> SplitJws(const std::string& jws) {
  const size_t a = jws.find('.'), b = jws.rfind('.');
  return {jws.substr(0, a), jws.substr(a + 1, b - a - 1), jws.substr(b + 1)};
}

std::vector<VerdictCase> VerdictCases(const FixtureKeys& k) {
  const std::string kid = k.active.kid();
  std::vector<VerdictCase> out;
  auto add = [&](std::string name, std::string cert, std::string code, bool with_list = true) {
    out.push_back({std::move(name), std::move(cert), with_list, code == "valid", std::move(code)});
  };
  const std::string good = SignFixture(FixtureClaims("J0001", "J0001-a"), k.active);
  const auto gp = SplitJws(good);
  add("valid", good, "valid");
  add("valid, signed by an older key that is still published", SignFixture(FixtureClaims("J0002", "J0002-a"), k.older),
      "valid");
  {
    auto c = FixtureClaims("J0003", "J0003-a", kFixtureAt - 400 * kOneDay);
    c.nbf = kFixtureAt - 400 * kOneDay;
    c.exp = kFixtureAt - 35 * kOneDay;
    add("expired", SignFixture(c, k.active), "expired");
  }
  {
    auto c = FixtureClaims("J0004", "J0004-a");
    c.nbf = kFixtureAt + kOneDay;
    c.exp = kFixtureAt + 366 * kOneDay;
    add("not yet valid", SignFixture(c, k.active), "not_yet_valid");
  }
  {
    auto c = FixtureClaims("J0001", "J0001-a");
    c.exp = kFixtureAt + 3000 * kOneDay;  // a longer validity, under the genuine signature
    add("tampered payload", gp[0] + "." + Base64UrlEncode(PayloadText(c, k.active)) + "." + gp[2], "bad_signature");
  }
  add("signed by an unpublished key under a published kid",
      SignRaw(HeaderText(kid), PayloadText(FixtureClaims("J0001", "J0001-a"), k.active), k.stranger), "bad_signature");
  add("signed by an unknown key (unknown kid)", SignFixture(FixtureClaims("J0001", "J0001-a"), k.stranger),
      "unknown_key");
  {
    auto c = FixtureClaims("J0005", "J0005-a");
    c.iss = "https://copy.example.com";
    add("another issuer", SignFixture(c, k.active), "wrong_issuer");
  }
  add("superseded via the status list", SignFixture(FixtureClaims("J0006", "J0006-a"), k.active), "superseded");
  add("the certificate that superseded it",
      SignFixture(FixtureClaims("J0006", "J0006-b", kFixtureAt - 2 * kOneDay), k.active), "valid");
  add("superseded, but checked without a status list", SignFixture(FixtureClaims("J0006", "J0006-a"), k.active),
      "valid", false);
  add("issued after the status list (not the list's to judge)",
      SignFixture(FixtureClaims("J0007", "J0007-b", kFixtureAt - std::chrono::minutes(10)), k.active), "valid");
  add("revoked via the status list", SignFixture(FixtureClaims("J0008", "J0008-a"), k.active), "revoked");
  add("revoked, checked without a status list", SignFixture(FixtureClaims("J0008", "J0008-a"), k.active), "valid",
      false);
  add("revoked and superseded (revocation speaks first)",
      SignFixture(FixtureClaims("J0008", "J0008-0", kFixtureAt - 90 * kOneDay), k.active), "revoked");
  add("suspended via the status list", SignFixture(FixtureClaims("J0009", "J0009-a"), k.active), "suspended");
  add("revoked under the retired reason code superseded", SignFixture(FixtureClaims("J0010", "J0010-a"), k.active),
      "revoked");
  {
    auto c = FixtureClaims("J0011", "J0011-a", kFixtureAt - 400 * kOneDay);
    c.nbf = kFixtureAt - 400 * kOneDay;
    c.exp = kFixtureAt - 35 * kOneDay;
    add("expired and revoked (the window speaks first)", SignFixture(c, k.active), "expired");
  }
  add("alg none, no signature", Base64UrlEncode(R"({"alg":"none","typ":"mark+jwt"})") + "." + gp[1] + ".", "bad_alg");
  add("alg HS256",
      SignRaw(R"({"alg":"HS256","typ":"mark+jwt","kid":")" + kid + R"("})", *Base64UrlDecode(gp[1]), k.active),
      "bad_alg");
  add("no alg", SignRaw(R"({"typ":"mark+jwt","kid":")" + kid + R"("})", *Base64UrlDecode(gp[1]), k.active), "bad_alg");
  add("a status statement offered as a certificate",
      SignRaw(HeaderText(kid, "mark-status+jwt"), *Base64UrlDecode(gp[1]), k.active), "bad_typ");
  add("typ with the application/ prefix, in capitals",
      SignRaw(HeaderText(kid, "application/MARK+JWT"), PayloadText(FixtureClaims("J0012", "J0012-a"), k.active),
              k.active),
      "valid");
  add("no kid", SignRaw(R"({"alg":"EdDSA","typ":"mark+jwt"})", *Base64UrlDecode(gp[1]), k.active), "unknown_key");
  add("crit header",
      SignRaw(R"({"alg":"EdDSA","typ":"mark+jwt","kid":")" + kid + R"(","crit":["exp"]})", *Base64UrlDecode(gp[1]),
              k.active),
      "malformed");
  add("two parts", gp[0] + "." + gp[1], "malformed");
  add("garbage", "not-a-jws", "malformed");
  {
    // The same signature bytes with non-zero trailing bits in the last
    // character: decodes alike, but is not the one canonical encoding.
    std::string sig = gp[2];
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    sig.back() = alphabet[alphabet.find(sig.back()) | 1];
    add("signature not in canonical base64url", gp[0] + "." + gp[1] + "." + sig, "malformed");
  }
  add("payload not a JSON object", SignRaw(HeaderText(kid), "[1,2]", k.active), "malformed");
  add("payload not UTF-8", SignRaw(HeaderText(kid), "{\"iss\":\"\xff\"}", k.active), "malformed");
  add("empty signature", gp[0] + "." + gp[1] + ".", "bad_signature");
  {
    auto p = ordered_json::parse(*Base64UrlDecode(gp[1]));
    p.erase("jti");
    add("claim jti missing", SignRaw(HeaderText(kid), p.dump(), k.active), "bad_claims");
  }
  {
    auto p = ordered_json::parse(*Base64UrlDecode(gp[1]));
    p["mark"]["number"] = "J0099";
    add("mark.number differs from sub", SignRaw(HeaderText(kid), p.dump(), k.active), "bad_claims");
  }
  {
    auto p = ordered_json::parse(*Base64UrlDecode(gp[1]));
    p["nbf"] = "1800000000";
    add("nbf given as a string", SignRaw(HeaderText(kid), p.dump(), k.active), "bad_claims");
  }
  return out;
}

StatusList FixtureStatusList() {
  StatusList list;
  list.iss = kFixtureIssuer;
  list.iat = kFixtureAt - std::chrono::hours(1);
  list.exp = kFixtureAt + std::chrono::hours(47);
  list.entries = {{"J0008", "revoked", kFixtureAt - 5 * kOneDay, "misrepresentation"},
                  {"J0009", "suspended", kFixtureAt - 3 * kOneDay, "security_incident"},
                  {"J0010", "revoked", kFixtureAt - 20 * kOneDay, "superseded"},
                  {"J0011", "revoked", kFixtureAt - 40 * kOneDay, "ceased_operation"}};
  const Instant iat = kFixtureAt - 30 * kOneDay;
  for (const char* n : {"J0001", "J0002", "J0003", "J0004", "J0005", "J0008", "J0009", "J0010", "J0011", "J0012"})
    list.current[n] = {std::string(n) + "-a", iat};
  list.current["J0006"] = {"J0006-b", kFixtureAt - 2 * kOneDay};
  list.current["J0007"] = {"J0007-a", iat};
  return list;
}

VerdictFiles GenerateVerdicts() {
  FixtureKeys k;
  VerdictFiles f;
  f.jwks_json = Jwks::FromKeys({k.active.Public(), k.older.Public()})->ToJson().dump(2) + "\n";
  auto list = IssueStatusList(FixtureStatusList(), k.active);
  if (!list) throw std::runtime_error(list.error().message);
  f.status_list_jws = list->jws + "\n";
  ordered_json cases = ordered_json::array();
  for (const VerdictCase& c : VerdictCases(k))
    cases.push_back({{"name", c.name},
                     {"certificate", c.certificate},
                     {"status_list", c.with_status_list},
                     {"expect", {{"valid", c.valid}, {"reason_code", c.reason_code}}}});
  ordered_json doc = {{"about",
                       "Certificates and the verdict every verifier must reach on them: at `at` (NumericDate; "
                       "`at_rfc3339` the same), with the keys in `jwks`, expecting `issuer`, and, where a case says "
                       "status_list: true, the signed status list in `status_list`. Generated by "
                       "tests/unit/crypto/verdicts_test.cpp; do not edit by hand."},
                      {"at", UnixSeconds(kFixtureAt)},
                      {"at_rfc3339", FormatInstant(kFixtureAt)},
                      {"issuer", kFixtureIssuer},
                      {"jwks", kJwksFile},
                      {"status_list", kListFile},
                      {"cases", std::move(cases)}};
  f.fixture_json = doc.dump(2) + "\n";
  return f;
}

std::string ReadFixtureText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFixtureText(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

}  // namespace

TEST_CASE("the verdict fixture is what its generator makes", "[fixtures]") {
  const VerdictFiles f = GenerateVerdicts();
  if (const char* w = std::getenv("MARK_WRITE_FIXTURES"); w && *w) {
    fs::create_directories(kFixtureDir);
    WriteFixtureText(kFixtureDir / kVerdictsFile, f.fixture_json);
    WriteFixtureText(kFixtureDir / kJwksFile, f.jwks_json);
    WriteFixtureText(kFixtureDir / kListFile, f.status_list_jws);
    WARN("wrote the verdict fixture to " << kFixtureDir.string());
  }
  CHECK(ReadFixtureText(kFixtureDir / kVerdictsFile) == f.fixture_json);
  CHECK(ReadFixtureText(kFixtureDir / kJwksFile) == f.jwks_json);
  CHECK(ReadFixtureText(kFixtureDir / kListFile) == f.status_list_jws);
}

TEST_CASE("the C++ verifier reaches every verdict of the fixture", "[fixtures][verify]") {
  const auto doc = nlohmann::json::parse(ReadFixtureText(kFixtureDir / kVerdictsFile));
  const Instant at = FromUnixSeconds(doc["at"].get<long long>());
  const std::string issuer = doc["issuer"];
  auto jwks = Jwks::Parse(ReadFixtureText(kFixtureDir / doc["jwks"].get<std::string>()));
  REQUIRE(jwks);
  std::string list_text = ReadFixtureText(kFixtureDir / doc["status_list"].get<std::string>());
  while (!list_text.empty() && list_text.back() == '\n') list_text.pop_back();
  auto list = VerifyStatusList(list_text, *jwks, at, issuer);
  REQUIRE(list);
  REQUIRE(doc["cases"].size() >= 30);
  for (const auto& c : doc["cases"]) {
    INFO(c["name"].get<std::string>());
    VerifyOptions o;
    o.issuer = issuer;
    if (c["status_list"].get<bool>()) o.status_list = &*list;
    auto v = VerifyCertificate(c["certificate"].get<std::string>(), *jwks, at, o);
    INFO(v.reason);
    CHECK(v.reason_code == c["expect"]["reason_code"].get<std::string>());
    CHECK(v.valid == c["expect"]["valid"].get<bool>());
  }
}
