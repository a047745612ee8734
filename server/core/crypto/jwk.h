// JWK / JWKS for Ed25519 public keys (RFC 7517, RFC 8037 section 2) and the
// RFC 7638 thumbprint we use as key id. A Jwks is the set of public keys a
// verifier trusts; it is built from our key store or parsed, strictly, from
// JSON text fetched from anywhere (only OKP/Ed25519 signing keys are kept).
// Immutable after construction, so safe to share between threads.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace mark::crypto {

inline constexpr size_t kEd25519PublicKeyBytes = 32;
// A JWKS larger than this is refused unparsed (a few hundred keys fit).
inline constexpr size_t kMaxJwksBytes = 256 * 1024;

struct PublicJwk {
  std::string kid;
  std::string public_key;  // 32 raw bytes

  // {"kty":"OKP","crv":"Ed25519","x","kid","use":"sig","alg":"EdDSA"}
  nlohmann::json ToJson() const;
};

// RFC 7638 thumbprint: base64url(SHA-256('{"crv":"Ed25519","kty":"OKP","x":"<x>"}')).
// REQUIRES: public_key is 32 bytes.
std::string Thumbprint(std::string_view public_key);

class Jwks {
 public:
  Jwks() = default;
  // Fails on a duplicate kid or a key that is not 32 bytes.
  static Result<Jwks> FromKeys(std::vector<PublicJwk> keys);
  // Strict: a JSON object with a "keys" array of objects. OKP/Ed25519 keys
  // must have a 32-byte base64url "x" and no private part ("d"); keys of other
  // types, or marked for other uses/algorithms, are ignored. A key without
  // "kid" gets its thumbprint. Errors on anything else (garbage, duplicates).
  static Result<Jwks> Parse(std::string_view json_text);

  // nullptr when no such key.
  const PublicJwk* Find(std::string_view kid) const;
  const std::vector<PublicJwk>& keys() const { return keys_; }
  // {"keys":[...]} as served at /.well-known/jwks.json.
  nlohmann::json ToJson() const;

 private:
  std::vector<PublicJwk> keys_;
};

}  // namespace mark::crypto
