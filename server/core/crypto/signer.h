// Signer: one Ed25519 signing key (RFC 8032) and its kid (RFC 7638
// thumbprint). The secret key lives in SecretBytes (sodium_malloc'd, wiped on
// destruction) and is never exposed, logged or serialised by this class.
// Sign() is const and libsodium signing is reentrant, so one Signer may sign
// from many threads. Ed25519 is deterministic: same key + message, same bytes.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/jwk.h"
#include "crypto/secret_bytes.h"

namespace mark::crypto {

inline constexpr size_t kEd25519SeedBytes = 32;
inline constexpr size_t kEd25519SignatureBytes = 64;

class Signer {
 public:
  // A key derived from a 32-byte seed (RFC 8037's "d"). Tests use fixed seeds
  // so certificates are byte-for-byte reproducible; the key store uses it to
  // load keys. Fails if the seed is not 32 bytes.
  static Result<Signer> FromSeed(std::string_view seed);
  // A fresh random key.
  static Result<Signer> Generate();

  Signer(Signer&&) noexcept = default;
  Signer& operator=(Signer&&) noexcept = default;

  const std::string& kid() const { return kid_; }
  const std::string& public_key() const { return public_key_; }  // 32 raw bytes
  PublicJwk Public() const { return PublicJwk{kid_, public_key_}; }
  // The 64-byte detached signature of msg.
  std::string Sign(std::string_view msg) const;
  // The 32-byte seed, for writing the key file only.
  std::string_view seed() const { return secret_key_.view().substr(0, kEd25519SeedBytes); }

 private:
  Signer(SecretBytes secret_key, std::string public_key);
  SecretBytes secret_key_;  // libsodium's 64-byte form: seed || public key
  std::string public_key_;
  std::string kid_;
};

// True iff sig is a valid Ed25519 signature of msg by the 32-byte public key.
bool VerifyEd25519(std::string_view public_key, std::string_view msg, std::string_view sig);

}  // namespace mark::crypto
