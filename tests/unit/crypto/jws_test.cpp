#include <catch2/catch.hpp>

#include "common/base64.h"
#include "crypto/jws.h"
#include "fixtures.h"

using namespace mark;
using namespace mark::crypto;
using namespace mark::crypto::testing;

TEST_CASE("JWS signature reproduces RFC 8037 A.4 exactly", "[jws]") {
  auto d = Base64UrlDecode(kRfcD);
  REQUIRE(d);
  auto s = Signer::FromSeed(*d);
  REQUIRE(s);
  auto jws = SignCompact(R"({"alg":"EdDSA"})", "Example of Ed25519 signing", *s);
  REQUIRE(jws);
  CHECK(*jws ==
        "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
}

TEST_CASE("ParseCompact returns the exact signed bytes", "[jws]") {
  auto s = SignerFromSeed('a');
  std::string header = R"({"alg":"EdDSA","typ":"x","kid":"k"})";
  std::string payload = R"({"b":1,"a":"é"})";  // member order and UTF-8 kept as is
  auto jws = SignCompact(header, payload, s);
  REQUIRE(jws);
  auto parts = ParseCompact(*jws);
  REQUIRE(parts);
  CHECK(parts->header_text == header);
  CHECK(parts->payload_text == payload);
  CHECK(parts->signature.size() == 64);
  CHECK(VerifyEd25519(s.public_key(), parts->signing_input, parts->signature));
}

TEST_CASE("ParseCompact is strict", "[jws]") {
  auto b = [](const std::string& t) { return Base64UrlEncode(t); };
  std::string h = b(R"({"alg":"EdDSA"})");
  std::string p = b(R"({"a":1})");
  std::string sig = b(std::string(64, 'x'));
  CHECK(ParseCompact(h + "." + p + "." + sig));
  CHECK(ParseCompact(h + "." + p + "."));  // empty signature parses (verifier says why)
  const std::string bad[] = {
      "",
      h + "." + p,                                                       // two parts
      h + "." + p + "." + sig + ".x",                                    // four parts
      "." + p + "." + sig,                                               // empty header
      h + ".." + sig,                                                    // empty payload
      h + "=." + p + "." + sig,                                          // padding
      h + "." + p + "." + sig + " ",                                     // trailing space
      b(R"({"alg":"EdDSA"})").replace(0, 1, "+") + "." + p + "." + sig,  // non-url alphabet
      h + "." + b("[1,2]") + "." + sig,                                  // payload not an object
      h + "." + b("{\"a\":1") + "." + sig,                               // payload not JSON
      b(R"({"alg":"EdDSA","alg":"none"})") + "." + p + "." + sig,        // duplicate member
      h + "." + b(R"({"x":{"a":1,"a":2}})") + "." + sig,                 // nested duplicate
      b(R"({"alg":"EdDSA","crit":["exp"]})") + "." + p + "." + sig,
      h + "." + p + "." + "A",                      // impossible length
      h + "." + b("{\"a\":\"\xff\"}") + "." + sig,  // invalid UTF-8
  };
  for (const auto& t : bad) {
    INFO(t);
    auto r = ParseCompact(t);
    CHECK_FALSE(r);
    if (!r) CHECK(r.error().code == ErrorCode::kInvalid);
  }
  // Non-canonical base64url: last character with non-zero unused bits.
  std::string p2 = b("{}");  // "e30"; 'e30' -> bits; "e31" decodes to the same bytes
  CHECK(p2 == "e30");
  CHECK_FALSE(ParseCompact(h + ".e31." + sig));
}

TEST_CASE("ParseCompact caps the size before decoding", "[jws]") {
  std::string big(kMaxJwsBytes + 1, 'A');
  auto r = ParseCompact(big);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::kTooLarge);
}
