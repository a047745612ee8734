#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "common/base64.h"
#include "crypto/jwk.h"
#include "fixtures.h"

using namespace mark;
using namespace mark::crypto;
using namespace mark::crypto::testing;

TEST_CASE("thumbprint matches RFC 8037 A.3", "[jwk]") {
  auto x = Base64UrlDecode(kRfcX);
  REQUIRE(x);
  CHECK(Thumbprint(*x) == kRfcKid);
}

TEST_CASE("signer from the RFC 8037 seed has the RFC public key and kid", "[jwk]") {
  auto d = Base64UrlDecode(kRfcD);
  REQUIRE(d);
  auto s = Signer::FromSeed(*d);
  REQUIRE(s);
  CHECK(Base64UrlEncode(s->public_key()) == kRfcX);
  CHECK(s->kid() == kRfcKid);
  auto j = s->Public().ToJson();
  CHECK(j == nlohmann::json{
                 {"kty", "OKP"}, {"crv", "Ed25519"}, {"x", kRfcX}, {"kid", kRfcKid}, {"use", "sig"}, {"alg", "EdDSA"}});
}

TEST_CASE("Jwks::Parse keeps Ed25519 keys and ignores other kinds", "[jwk]") {
  std::string text = std::string(R"({"keys":[
    {"kty":"RSA","n":"abc","e":"AQAB","kid":"rsa1"},
    {"kty":"OKP","crv":"X25519","x":"abc","kid":"x1"},
    {"kty":"OKP","crv":"Ed25519","x":")") +
                     kRfcX + R"(","use":"enc","kid":"enc1"},
    {"kty":"OKP","crv":"Ed25519","x":")" +
                     kRfcX + R"(","kid":"k1","alg":"EdDSA","use":"sig"},
    {"kty":"OKP","crv":"Ed25519","x":")" +
                     kRfcX + R"("}
  ]})";
  auto jwks = Jwks::Parse(text);
  REQUIRE(jwks);
  REQUIRE(jwks->keys().size() == 2);
  CHECK(jwks->Find("k1") != nullptr);
  CHECK(jwks->Find(kRfcKid) != nullptr);  // no kid: its thumbprint
  CHECK(jwks->Find("rsa1") == nullptr);
  CHECK(jwks->Find("enc1") == nullptr);
}

TEST_CASE("Jwks::Parse refuses garbage", "[jwk]") {
  std::string x = kRfcX;
  const char* bad[] = {
      "", "not json", "[]", R"({"keys":{}})", R"({"nokeys":[]})", R"({"keys":[1]})", R"({"keys":[{"crv":"Ed25519"}]})",
  };
  for (const char* t : bad) {
    INFO(t);
    CHECK_FALSE(Jwks::Parse(t));
  }
  // x of the wrong length, x not base64url, a private key, a duplicate kid.
  CHECK_FALSE(Jwks::Parse(R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":"AAAA"}]})"));
  CHECK_FALSE(
      Jwks::Parse(R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR+"}]})"));
  CHECK_FALSE(Jwks::Parse(R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":")" + x + R"(","d":")" + std::string(kRfcD) +
                          R"("}]})"));
  CHECK_FALSE(Jwks::Parse(R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":")" + x +
                          R"(","kid":"a"},{"kty":"OKP","crv":"Ed25519","x":")" + x + R"(","kid":"a"}]})"));
  // Oversized.
  CHECK(Jwks::Parse(std::string(kMaxJwksBytes + 1, ' ')).error().code == ErrorCode::kTooLarge);
}

TEST_CASE("Jwks round-trips through its JSON", "[jwk]") {
  auto a = SignerFromSeed('a');
  auto b = SignerFromSeed('b');
  auto jwks = Jwks::FromKeys({a.Public(), b.Public()});
  REQUIRE(jwks);
  auto again = Jwks::Parse(jwks->ToJson().dump());
  REQUIRE(again);
  REQUIRE(again->keys().size() == 2);
  CHECK(again->Find(a.kid())->public_key == a.public_key());
  CHECK(again->Find(b.kid())->public_key == b.public_key());
  CHECK_FALSE(Jwks::FromKeys({a.Public(), a.Public()}));
}
