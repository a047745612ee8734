// LogKey: the transparency log's own Ed25519 key, kept apart from the
// certificate keys because it never rotates: witnesses and monitors pin it,
// and a new log key would look exactly like a forked log.
//
//   <keys dir>/log.key   mode 0600, JSON {"kind":"transparency-log-key",
//                        "alg":"Ed25519","seed":base64url(32-byte seed)}
//
// The note key name (the log's origin) is not stored: it follows the public
// URL, so the same key signs whatever origin markd is told to serve.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/secret_bytes.h"
#include "tlog/note.h"

namespace mark::tlog {

inline constexpr const char* kLogKeyFile = "log.key";

class LogKey {
 public:
  // Reads <dir>/log.key (crypto/secret_key_file.h: a regular file of this user,
  // opened without following links or waiting on a FIFO). Errors name the
  // file: missing, a link or not a regular file, another owner, readable by
  // group or others, garbled.
  static Result<LogKey> Load(const std::filesystem::path& dir);
  // Creates <dir>/log.key (dir made 0700 if missing) unless it exists.
  // Returns true when it made a new key.
  static Result<bool> CreateIfMissing(const std::filesystem::path& dir);
  // From a 32-byte seed (tests).
  static Result<LogKey> FromSeed(std::string_view seed);

  LogKey(LogKey&&) noexcept = default;
  LogKey& operator=(LogKey&&) noexcept = default;

  std::string_view seed() const { return seed_.view(); }
  const tlog::Ed25519PublicKey& public_key() const { return public_key_; }
  // "origin+keyid+base64" for GET /api/v1/log/key.
  std::string VerifierKey(std::string_view origin) const;

 private:
  LogKey(crypto::SecretBytes seed, tlog::Ed25519PublicKey pk) : seed_(std::move(seed)), public_key_(pk) {}
  crypto::SecretBytes seed_;
  tlog::Ed25519PublicKey public_key_{};
};

}  // namespace mark::tlog
