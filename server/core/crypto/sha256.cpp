#include "crypto/sha256.h"

#include <cstdlib>

#include "common/hex.h"
#include "crypto/sodium_init.h"

namespace mark::crypto {

namespace {

void RequireSodium() {
  static const bool ready = static_cast<bool>(EnsureSodium());
  if (!ready) std::abort();  // no usable libsodium: nothing that hashes can work
}

}  // namespace

Sha256Hasher::Sha256Hasher() {
  RequireSodium();
  // The crypto_hash_sha256_* calls cannot fail for in-memory input; they
  // still return int, and it is checked.
  if (crypto_hash_sha256_init(&state_) != 0) std::abort();
}

Sha256Hasher& Sha256Hasher::Update(std::span<const unsigned char> piece) {
  if (crypto_hash_sha256_update(&state_, piece.data(), piece.size()) != 0) std::abort();
  return *this;
}

Sha256Hasher& Sha256Hasher::Update(std::string_view piece) {
  return Update(std::span(reinterpret_cast<const unsigned char*>(piece.data()), piece.size()));
}

Sha256Digest Sha256Hasher::Final() {
  Sha256Digest out;
  if (crypto_hash_sha256_final(&state_, out.data()) != 0) std::abort();
  return out;
}

Sha256Digest Sha256(std::string_view bytes) { return Sha256Hasher().Update(bytes).Final(); }

std::string Sha256Hex(std::string_view bytes) { return Hex(Sha256(bytes)); }

}  // namespace mark::crypto
