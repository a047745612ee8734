#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/base64.h"
#include "crypto/certificate.h"
#include "crypto/jws.h"
#include "crypto/status_token.h"
#include "crypto/verifier.h"
#include "fixtures.h"

using namespace mark;
using namespace mark::crypto;
using namespace mark::crypto::testing;

namespace {

struct Fixture {
  Signer signer = SignerFromSeed('k');
  Jwks jwks = *Jwks::FromKeys({signer.Public()});
  Instant inside = At("2025-06-01T00:00:00Z");

  std::string Cert(const CertificateClaims& c = SampleClaims()) {
    auto t = IssueCertificate(c, signer);
    REQUIRE(t);
    return t->jws;
  }
  // A token with any header and payload text, signed by `signer`.
  std::string Raw(const std::string& header, const std::string& payload) {
    auto t = SignCompact(header, payload, signer);
    REQUIRE(t);
    return *t;
  }
  std::string Header(const std::string& typ = "mark+jwt") {
    return R"({"alg":"EdDSA","typ":")" + typ + R"(","kid":")" + signer.kid() + R"("})";
  }
  std::string Payload() {
    auto t = IssueCertificate(SampleClaims(), signer);
    REQUIRE(t);
    return t->payload;
  }
  Verification Check(const std::string& jws, const StatusList* list = nullptr) {
    return VerifyCertificate(jws, jwks, inside, list);
  }
};

std::string Part(const std::string& jws, int i) {
  size_t a = jws.find('.'), b = jws.find('.', a + 1);
  if (i == 0) return jws.substr(0, a);
  if (i == 1) return jws.substr(a + 1, b - a - 1);
  return jws.substr(b + 1);
}

}  // namespace

TEST_CASE("a certificate has exactly the contract's header and payload", "[cert]") {
  Fixture f;
  auto t = IssueCertificate(SampleClaims(), f.signer);
  REQUIRE(t);
  CHECK(t->kid == f.signer.kid());
  CHECK(*Base64UrlDecode(Part(t->jws, 0)) == R"({"alg":"EdDSA","typ":"mark+jwt","kid":")" + f.signer.kid() + R"("})");
  // The stored payload is the signed payload, byte for byte.
  CHECK(*Base64UrlDecode(Part(t->jws, 1)) == t->payload);
  auto p = nlohmann::json::parse(t->payload);
  CHECK(p["iss"] == "https://registry.example.jp");
  CHECK(p["sub"] == "J0072");
  CHECK(p["jti"] == "J0072-1");
  CHECK(p["iat"] == 1742432523);
  CHECK(p["nbf"] == 1743433200);
  CHECK(p["exp"] == 1774969200);
  CHECK(p["mark"]["service"]["name"] == "あんしんネット");
  CHECK(t->payload.rfind(R"({"iss":"https://registry.example.jp","sub":"J0072","jti":"J0072-1",)", 0) == 0);
  // Deterministic: same claims, same key, same bytes.
  CHECK(IssueCertificate(SampleClaims(), f.signer)->jws == t->jws);
}

TEST_CASE("IssueCertificate refuses bad claims", "[cert]") {
  Fixture f;
  auto c = SampleClaims();
  c.exp = c.nbf;
  CHECK_FALSE(IssueCertificate(c, f.signer));
  c = SampleClaims();
  c.mark = "x";
  CHECK_FALSE(IssueCertificate(c, f.signer));
  c = SampleClaims();
  c.sub = "";
  CHECK_FALSE(IssueCertificate(c, f.signer));
  c = SampleClaims();
  c.mark["service"]["name"] = "\xff\xfe";  // not UTF-8
  CHECK_FALSE(IssueCertificate(c, f.signer));
}

TEST_CASE("a good certificate verifies", "[verify]") {
  Fixture f;
  auto v = f.Check(f.Cert());
  CHECK(v.valid);
  CHECK(v.reason_code == "valid");
  CHECK(v.kid == f.signer.kid());
  CHECK(v.payload["sub"] == "J0072");
  CHECK_THAT(v.reason, Catch::Contains("J0072"));
}

TEST_CASE("time window: nbf <= at < exp", "[verify]") {
  Fixture f;
  std::string cert = f.Cert();
  auto at = [&](const char* t) { return VerifyCertificate(cert, f.jwks, At(t)); };
  CHECK(at("2025-03-31T14:59:59Z").reason_code == "not_yet_valid");
  CHECK(at("2025-03-31T15:00:00Z").valid);  // 00:00 JST on valid_from
  CHECK(at("2026-03-31T14:59:59Z").valid);  // last second of valid_until (JST)
  auto expired = at("2026-03-31T15:00:00Z");
  CHECK(expired.reason_code == "expired");
  CHECK_FALSE(expired.valid);
  CHECK(expired.payload["sub"] == "J0072");  // still says which mark
}

TEST_CASE("every rejection has its reason code", "[verify]") {
  Fixture f;
  std::string cert = f.Cert();
  std::string h = Part(cert, 0), p = Part(cert, 1), s = Part(cert, 2);
  auto code = [&](const std::string& jws) { return f.Check(jws).reason_code; };

  SECTION("too_large") { CHECK(code(std::string(kMaxJwsBytes + 1, 'A')) == "too_large"); }
  SECTION("malformed") {
    CHECK(code("") == "malformed");
    CHECK(code("abc") == "malformed");
    CHECK(code(h + "." + p) == "malformed");
    CHECK(code(h + "." + p + "." + s + "=") == "malformed");
    CHECK(code(h + "." + p + "!" + "." + s) == "malformed");
    CHECK(code(h + "." + Base64UrlEncode("not json") + "." + s) == "malformed");
    CHECK(code(Base64UrlEncode("{\"alg\":") + "." + p + "." + s) == "malformed");
  }
  SECTION("bad_alg") {
    std::string none = Base64UrlEncode(R"({"alg":"none","typ":"mark+jwt","kid":")" + f.signer.kid() + R"("})");
    CHECK(code(none + "." + p + ".") == "bad_alg");
    CHECK(code(none + "." + p + "." + s) == "bad_alg");
    CHECK(code(f.Raw(R"({"alg":"HS256","typ":"mark+jwt","kid":")" + f.signer.kid() + R"("})", f.Payload())) ==
          "bad_alg");
    CHECK(code(f.Raw(R"({"alg":"eddsa","typ":"mark+jwt","kid":")" + f.signer.kid() + R"("})", f.Payload())) ==
          "bad_alg");
    CHECK(code(f.Raw(R"({"typ":"mark+jwt","kid":")" + f.signer.kid() + R"("})", f.Payload())) == "bad_alg");
    CHECK(code(f.Raw(R"({"alg":["EdDSA"],"typ":"mark+jwt","kid":")" + f.signer.kid() + R"("})", f.Payload())) ==
          "bad_alg");
  }
  SECTION("bad_typ") {
    CHECK(code(f.Raw(f.Header("JWT"), f.Payload())) == "bad_typ");
    CHECK(code(f.Raw(f.Header("mark-status+jwt"), f.Payload())) == "bad_typ");
    CHECK(code(f.Raw(R"({"alg":"EdDSA","kid":")" + f.signer.kid() + R"("})", f.Payload())) == "bad_typ");
    // RFC 7515 4.1.9: case-insensitive, "application/" may be present.
    CHECK(code(f.Raw(f.Header("application/Mark+JWT"), f.Payload())) == "valid");
  }
  SECTION("unknown_key") {
    CHECK(code(f.Raw(R"({"alg":"EdDSA","typ":"mark+jwt"})", f.Payload())) == "unknown_key");
    CHECK(code(f.Raw(R"({"alg":"EdDSA","typ":"mark+jwt","kid":""})", f.Payload())) == "unknown_key");
    CHECK(code(f.Raw(R"({"alg":"EdDSA","typ":"mark+jwt","kid":"nope"})", f.Payload())) == "unknown_key");
    // Signed by a key the JWKS does not hold, claiming that key's kid.
    auto stranger = IssueCertificate(SampleClaims(), SignerFromSeed('z'));
    REQUIRE(stranger);
    CHECK(code(stranger->jws) == "unknown_key");
  }
  SECTION("bad_signature") {
    // Tampered payload: one claim changed, signature kept.
    std::string forged = f.Payload();
    forged.replace(forged.find("J0072"), 5, "J9999");
    CHECK(code(h + "." + Base64UrlEncode(forged) + "." + s) == "bad_signature");
    // Tampered header: an extra member, signature kept.
    std::string hdr = R"({"alg":"EdDSA","typ":"mark+jwt","kid":")" + f.signer.kid() + R"(","x":1})";
    CHECK(code(Base64UrlEncode(hdr) + "." + p + "." + s) == "bad_signature");
    // A stranger signs but claims our kid.
    auto stranger = SignCompact(*Base64UrlDecode(h), *Base64UrlDecode(p), SignerFromSeed('z'));
    CHECK(code(*stranger) == "bad_signature");
    // Signature truncated, empty, or one bit flipped.
    CHECK(code(h + "." + p + "." + Base64UrlEncode(Base64UrlDecode(s)->substr(0, 63))) == "bad_signature");
    CHECK(code(h + "." + p + ".") == "bad_signature");
    std::string sig = *Base64UrlDecode(s);
    sig[10] = static_cast<char>(sig[10] ^ 1);
    CHECK(code(h + "." + p + "." + Base64UrlEncode(sig)) == "bad_signature");
  }
  SECTION("bad_claims") {
    auto without = [&](const char* claim) {
      auto j = nlohmann::ordered_json::parse(f.Payload());
      j.erase(claim);
      return f.Raw(f.Header(), j.dump());
    };
    for (const char* c : {"iss", "sub", "jti", "iat", "nbf", "exp", "mark"}) {
      INFO(c);
      CHECK(code(without(c)) == "bad_claims");
    }
    auto j = nlohmann::ordered_json::parse(f.Payload());
    j["exp"] = "2026-03-31";
    CHECK(code(f.Raw(f.Header(), j.dump())) == "bad_claims");
    j = nlohmann::ordered_json::parse(f.Payload());
    j["exp"] = 1.5e9;
    CHECK(code(f.Raw(f.Header(), j.dump())) == "bad_claims");
    j = nlohmann::ordered_json::parse(f.Payload());
    j["mark"]["number"] = "J0073";
    CHECK(code(f.Raw(f.Header(), j.dump())) == "bad_claims");
  }
}

TEST_CASE("status statement: signed, typed, 24 hours by default", "[status]") {
  Fixture f;
  StatusStatementClaims c;
  c.iss = "https://registry.example.jp";
  c.sub = "J0072";
  c.iat = At("2025-06-01T00:00:00Z");
  c.status = "valid";
  c.valid_from = "2025-04-01";
  c.valid_until = "2026-03-31";
  c.extra = {{"checked_at", "2025-06-01T00:00:00Z"}};
  auto t = IssueStatusStatement(c, f.signer);
  REQUIRE(t);
  auto p = nlohmann::json::parse(t->payload);
  CHECK(p["exp"].get<long long>() - p["iat"].get<long long>() == 86400);
  CHECK(p["checked_at"] == "2025-06-01T00:00:00Z");
  CHECK(*Base64UrlDecode(Part(t->jws, 0)) ==
        R"({"alg":"EdDSA","typ":"mark-status+jwt","kid":")" + f.signer.kid() + R"("})");

  CHECK(VerifyStatusStatement(t->jws, f.jwks, At("2025-06-01T23:59:59Z")).valid);
  CHECK(VerifyStatusStatement(t->jws, f.jwks, At("2025-06-02T00:00:00Z")).reason_code == "expired");
  CHECK(VerifyStatusStatement(t->jws, f.jwks, At("2025-05-31T23:56:00Z")).valid);  // clock skew
  CHECK(VerifyStatusStatement(t->jws, f.jwks, At("2025-05-31T23:50:00Z")).reason_code == "not_yet_valid");
  // A status statement is not a certificate, and the other way round.
  CHECK(f.Check(t->jws).reason_code == "bad_typ");
  CHECK(VerifyStatusStatement(f.Cert(), f.jwks, f.inside).reason_code == "bad_typ");

  c.extra = {{"status", "revoked"}};  // must not override a claim
  CHECK_FALSE(IssueStatusStatement(c, f.signer));
}

TEST_CASE("status list: revoked and suspended certificates are rejected", "[status]") {
  Fixture f;
  StatusList list;
  list.iss = "https://registry.example.jp";
  list.iat = At("2025-06-01T00:00:00Z");
  list.exp = At("2025-06-03T00:00:00Z");
  list.entries = {{"T0100", "suspended", At("2025-05-20T03:00:00Z"), "under_review"},
                  {"J0072", "revoked", At("2025-05-30T03:00:00Z"), "misrepresentation"}};
  auto t = IssueStatusList(list, f.signer);
  REQUIRE(t);
  auto p = nlohmann::json::parse(t->payload);
  CHECK(p["entries"][0]["number"] == "J0072");  // sorted
  CHECK(p["entries"][0]["changed_at"] == 1748574000);

  auto verified = VerifyStatusList(t->jws, f.jwks, At("2025-06-02T00:00:00Z"));
  REQUIRE(verified);
  REQUIRE(verified->entries.size() == 2);

  auto revoked = f.Check(f.Cert(), &*verified);
  CHECK_FALSE(revoked.valid);
  CHECK(revoked.reason_code == "revoked");
  CHECK_THAT(revoked.reason, Catch::Contains("misrepresentation"));
  auto suspended = f.Check(f.Cert(SampleClaims("T0100")), &*verified);
  CHECK(suspended.reason_code == "suspended");
  CHECK(f.Check(f.Cert(SampleClaims("D0200")), &*verified).valid);
  CHECK(f.Check(f.Cert(), nullptr).valid);  // without the list, the certificate alone holds

  // The list itself: expired, wrong key, wrong typ, oversize.
  auto expired = VerifyStatusList(t->jws, f.jwks, At("2025-06-03T00:00:00Z"));
  REQUIRE_FALSE(expired);
  CHECK_THAT(expired.error().message, Catch::StartsWith("expired"));
  auto other = *Jwks::FromKeys({SignerFromSeed('z').Public()});
  CHECK_THAT(VerifyStatusList(t->jws, other, list.iat).error().message, Catch::StartsWith("unknown_key"));
  CHECK_THAT(VerifyStatusList(f.Cert(), f.jwks, list.iat).error().message, Catch::StartsWith("bad_typ"));
  CHECK(VerifyStatusList(std::string(kMaxStatusListJwsBytes + 1, 'A'), f.jwks, list.iat).error().code ==
        ErrorCode::kTooLarge);

  // Issuing refuses what the list cannot mean.
  StatusList bad = list;
  bad.entries.push_back({"J0072", "suspended", list.iat, ""});
  CHECK_FALSE(IssueStatusList(bad, f.signer));
  bad = list;
  bad.entries[0].status = "valid";
  CHECK_FALSE(IssueStatusList(bad, f.signer));
}

TEST_CASE("an empty status list is fine", "[status]") {
  Fixture f;
  StatusList list{"https://registry.example.jp", At("2025-06-01T00:00:00Z"), At("2025-06-02T00:00:00Z"), {}, {}};
  auto t = IssueStatusList(list, f.signer);
  REQUIRE(t);
  auto v = VerifyStatusList(t->jws, f.jwks, list.iat);
  REQUIRE(v);
  CHECK(v->entries.empty());
  CHECK(f.Check(f.Cert(), &*v).valid);
}

TEST_CASE("status list: a newer current certificate supersedes older ones", "[status][superseded]") {
  Fixture f;
  const Instant issued = SampleClaims().iat;  // the sample certificate's iat
  StatusList list{"https://registry.example.jp", f.inside, f.inside + std::chrono::hours(48), {}, {}};
  list.current["J0072"] = {"J0072-2", issued + std::chrono::hours(1)};
  list.current["D0200"] = {"D0200-1", issued};
  auto t = IssueStatusList(list, f.signer);
  REQUIRE(t);
  auto p = nlohmann::json::parse(t->payload);
  CHECK(p["current"]["J0072"] == nlohmann::json::array({"J0072-2", 1742436123}));
  auto verified = VerifyStatusList(t->jws, f.jwks, f.inside);
  REQUIRE(verified);
  REQUIRE(verified->current.size() == 2);
  CHECK(verified->Current("J0072")->jti == "J0072-2");

  auto old = f.Check(f.Cert(), &*verified);
  CHECK_FALSE(old.valid);
  CHECK(old.reason_code == "superseded");
  CHECK_THAT(old.reason, Catch::Contains("superseded by a newer certificate"));
  // The current one itself, and a mark whose listed certificate is this one.
  auto current = SampleClaims();
  current.jti = "J0072-2";
  current.iat = issued + std::chrono::hours(1);
  CHECK(f.Check(f.Cert(current), &*verified).valid);
  CHECK(f.Check(f.Cert(SampleClaims("D0200")), &*verified).valid);
  // A certificate issued after the one the list names: the list is older
  // than it and does not judge it.
  auto newer = SampleClaims();
  newer.jti = "J0072-3";
  newer.iat = issued + std::chrono::hours(2);
  CHECK(f.Check(f.Cert(newer), &*verified).valid);
  // Revocation speaks first: it is what the current certificate would say too.
  list.entries = {{"J0072", "revoked", f.inside, "misrepresentation"}};
  CHECK(f.Check(f.Cert(), &list).reason_code == "revoked");
  // A list from before current certificates were published still parses.
  auto legacy =
      SignCompact(f.Header("mark-status-list+jwt"),
                  R"({"iss":"https://registry.example.jp","iat":1748736000,"exp":1748908800,"entries":[]})", f.signer);
  REQUIRE(legacy);
  auto legacy_list = VerifyStatusList(*legacy, f.jwks, f.inside);
  REQUIRE(legacy_list);
  CHECK(legacy_list->current.empty());
  // Malformed current members are refused.
  for (const char* bad : {R"("current":[])", R"("current":{"J0072":"x"})", R"("current":{"J0072":["",1]})",
                          R"("current":{"J0072":["x","1"]})", R"("current":{"J0072":["x",1,2]})"}) {
    INFO(bad);
    auto token =
        SignCompact(f.Header("mark-status-list+jwt"),
                    std::string(R"({"iss":"i","iat":1748736000,"exp":1748908800,"entries":[],)") + bad + "}", f.signer);
    REQUIRE(token);
    CHECK_FALSE(VerifyStatusList(*token, f.jwks, f.inside));
  }
}

TEST_CASE("the registry's exact word on the current certificate, and the issuer", "[verify][superseded]") {
  Fixture f;
  VerifyOptions o;
  std::optional<CurrentCertificate> known = CurrentCertificate{"J0072-2", SampleClaims().iat};
  o.current_certificate = [&](std::string_view number) -> std::optional<CurrentCertificate> {
    if (number == "J0072") return known;
    return std::nullopt;
  };
  // Another jti is superseded even when issued in the same second.
  CHECK(VerifyCertificate(f.Cert(), f.jwks, f.inside, o).reason_code == "superseded");
  known->jti = "J0072-1";
  CHECK(VerifyCertificate(f.Cert(), f.jwks, f.inside, o).valid);
  CHECK(VerifyCertificate(f.Cert(SampleClaims("T0100")), f.jwks, f.inside, o).valid);

  o.issuer = "https://registry.example.jp";
  CHECK(VerifyCertificate(f.Cert(), f.jwks, f.inside, o).valid);
  o.issuer = "https://other.example.jp";
  auto v = VerifyCertificate(f.Cert(), f.jwks, f.inside, o);
  CHECK(v.reason_code == "wrong_issuer");
  CHECK_THAT(v.reason, Catch::Contains("https://registry.example.jp"));

  StatusList list{"https://registry.example.jp", f.inside, f.inside + std::chrono::hours(48), {}, {}};
  auto t = IssueStatusList(list, f.signer);
  REQUIRE(t);
  CHECK(VerifyStatusList(t->jws, f.jwks, f.inside, "https://registry.example.jp"));
  auto other = VerifyStatusList(t->jws, f.jwks, f.inside, "https://other.example.jp");
  REQUIRE_FALSE(other);
  CHECK_THAT(other.error().message, Catch::StartsWith("wrong_issuer"));
}

TEST_CASE("a remembered signature gives the same answers and ends with its key", "[verify][cache]") {
  Fixture f;
  VerifiedJwsCache verified;
  const std::string cert = f.Cert();
  auto first = VerifyCertificate(cert, f.jwks, f.inside, nullptr, &verified);
  REQUIRE(first.valid);
  // Remembered: the same verdict, payload and key, and the claims are still
  // judged at the instant asked (the cache holds no verdict, only the
  // signature check).
  auto again = VerifyCertificate(cert, f.jwks, f.inside, nullptr, &verified);
  CHECK(again.valid);
  CHECK(again.reason == first.reason);
  CHECK(again.kid == first.kid);
  CHECK(again.payload == first.payload);
  CHECK(VerifyCertificate(cert, f.jwks, At("2026-03-31T15:00:00Z"), nullptr, &verified).reason_code == "expired");
  StatusList list{"https://registry.example.jp",
                  f.inside,
                  f.inside + std::chrono::hours(48),
                  {{"J0072", "revoked", f.inside, ""}},
                  {}};
  CHECK(VerifyCertificate(cert, f.jwks, f.inside, &list, &verified).reason_code == "revoked");

  // The key retired (or another key under the same kid): not verified by memory.
  Jwks without = *Jwks::FromKeys({SignerFromSeed('z').Public()});
  CHECK(VerifyCertificate(cert, without, f.inside, nullptr, &verified).reason_code == "unknown_key");
  PublicJwk impostor = SignerFromSeed('z').Public();
  impostor.kid = f.signer.kid();
  Jwks same_kid = *Jwks::FromKeys({impostor});
  CHECK(VerifyCertificate(cert, same_kid, f.inside, nullptr, &verified).reason_code == "bad_signature");

  // A tampered copy is checked in full each time and never remembered.
  std::string tampered = cert;
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  CHECK(VerifyCertificate(tampered, f.jwks, f.inside, nullptr, &verified).reason_code == "bad_signature");
  CHECK(VerifyCertificate(tampered, f.jwks, f.inside, nullptr, &verified).reason_code == "bad_signature");
  // A status token's signature does not count for a certificate (typ).
  StatusStatementClaims sc;
  sc.iss = "https://registry.example.jp";
  sc.sub = "J0072";
  sc.iat = f.inside;
  sc.status = "valid";
  sc.valid_from = "2025-04-01";
  sc.valid_until = "2026-03-31";
  auto statement = IssueStatusStatement(sc, f.signer);
  REQUIRE(statement);
  CHECK(VerifyStatusStatement(statement->jws, f.jwks, f.inside).valid);
  CHECK(VerifyCertificate(statement->jws, f.jwks, f.inside, nullptr, &verified).reason_code == "bad_typ");
}
