#include "crypto/jwk.h"

#include <sodium.h>

#include <nlohmann/json.hpp>
#include <set>

#include "common/base64.h"
#include "crypto/sha256.h"

namespace mark::crypto {

nlohmann::json PublicJwk::ToJson() const {
  return nlohmann::json{{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", Base64UrlEncode(public_key)},
                        {"kid", kid},   {"use", "sig"},     {"alg", "EdDSA"}};
}

std::string Thumbprint(std::string_view public_key) {
  // RFC 7638 section 3.2: required members only, lexicographic order, no
  // whitespace. x is base64url (no '"' or '\\'), so this literal is exact.
  std::string canonical = R"({"crv":"Ed25519","kty":"OKP","x":")" + Base64UrlEncode(public_key) + R"("})";
  const Sha256Digest digest = Sha256(canonical);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

Result<Jwks> Jwks::FromKeys(std::vector<PublicJwk> keys) {
  std::set<std::string> seen;
  for (const auto& k : keys) {
    if (k.public_key.size() != kEd25519PublicKeyBytes)
      return Error::Invalid("keys", "key " + k.kid + " is not a 32-byte Ed25519 public key");
    if (!seen.insert(k.kid).second) return Error::Invalid("keys", "duplicate kid " + k.kid);
  }
  Jwks out;
  out.keys_ = std::move(keys);
  return out;
}

Result<Jwks> Jwks::Parse(std::string_view json_text) {
  if (json_text.size() > kMaxJwksBytes)
    return Error::Make(ErrorCode::kTooLarge, "JWKS larger than " + std::to_string(kMaxJwksBytes) + " bytes");
  auto doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Error::Invalid("jwks", "not valid JSON");
  if (!doc.is_object()) return Error::Invalid("jwks", "not a JSON object");
  auto it = doc.find("keys");
  if (it == doc.end() || !it->is_array()) return Error::Invalid("keys", "missing or not an array");

  std::vector<PublicJwk> keys;
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& k = (*it)[i];
    std::string field = "keys[" + std::to_string(i) + "]";
    if (!k.is_object()) return Error::Invalid(field, "not an object");
    auto str = [&](const char* name) -> const std::string* {
      auto f = k.find(name);
      return (f != k.end() && f->is_string()) ? f->get_ptr<const std::string*>() : nullptr;
    };
    const std::string* kty = str("kty");
    const std::string* crv = str("crv");
    if (kty == nullptr) return Error::Invalid(field + ".kty", "missing");
    if (*kty != "OKP" || crv == nullptr || *crv != "Ed25519") continue;  // not ours to use
    if (k.contains("use") && (str("use") == nullptr || *str("use") != "sig")) continue;
    if (k.contains("alg") && (str("alg") == nullptr || *str("alg") != "EdDSA")) continue;
    if (k.contains("d")) return Error::Invalid(field + ".d", "a JWKS must not hold private keys");
    const std::string* x = str("x");
    if (x == nullptr) return Error::Invalid(field + ".x", "missing");
    auto raw = Base64UrlDecode(*x);
    if (!raw || raw->size() != kEd25519PublicKeyBytes)
      return Error::Invalid(field + ".x", "not a base64url 32-byte Ed25519 key");
    std::string kid;
    if (k.contains("kid")) {
      if (str("kid") == nullptr || str("kid")->empty()) return Error::Invalid(field + ".kid", "not a non-empty string");
      kid = *str("kid");
    } else {
      kid = Thumbprint(*raw);
    }
    keys.push_back(PublicJwk{std::move(kid), std::move(*raw)});
  }
  return FromKeys(std::move(keys));
}

const PublicJwk* Jwks::Find(std::string_view kid) const {
  for (const auto& k : keys_)
    if (k.kid == kid) return &k;
  return nullptr;
}

nlohmann::json Jwks::ToJson() const {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& k : keys_) arr.push_back(k.ToJson());
  return nlohmann::json{{"keys", std::move(arr)}};
}

}  // namespace mark::crypto
