// SHA-256 (FIPS 180-4): the one place that calls libsodium's SHA-256, for
// the transparency log's Merkle tree and note key ids, JWK thumbprints
// (RFC 7638), token hashes, ETags, request fingerprints and the static
// snapshot's manifest. Hashing in-memory bytes cannot fail; a libsodium that
// cannot start stops the process (nothing that hashes could work).
// Thread-safe; a Sha256Hasher is one hash in progress, for one thread.
#pragma once

#include <sodium.h>

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace mark::crypto {

using Sha256Digest = std::array<unsigned char, crypto_hash_sha256_BYTES>;

Sha256Digest Sha256(std::string_view bytes);
// Lower-case hex of Sha256(bytes): 64 characters.
std::string Sha256Hex(std::string_view bytes);

// A hash over pieces given one after the other, for input that is never
// held whole (a streamed file) or is made of parts (a Merkle node's).
class Sha256Hasher {
 public:
  Sha256Hasher();
  Sha256Hasher& Update(std::string_view piece);
  Sha256Hasher& Update(std::span<const unsigned char> piece);
  // The digest of everything given; the hasher is spent afterwards.
  Sha256Digest Final();

 private:
  crypto_hash_sha256_state state_;
};

}  // namespace mark::crypto
