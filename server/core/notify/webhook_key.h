// WebhookKey: the key that seals webhook endpoints' signing secrets in the
// database (libsodium secretbox: XSalsa20-Poly1305), so that a database
// backup holds no secret; the key lives in the key folder, apart from it.
//
//   <keys dir>/webhook.key   mode 0600, JSON {"kind":"webhook-secret-key",
//                            "alg":"xsalsa20poly1305","key":base64url(32 bytes)}
//
// Made by `markctl keys generate` (and `markctl keys webhook-init` for an
// older folder), never rotated by markd. Thread-safe after loading.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/secret_bytes.h"

namespace mark::notify {

inline constexpr const char* kWebhookKeyFile = "webhook.key";

class WebhookKey {
 public:
  // Reads <dir>/webhook.key (crypto/secret_key_file.h: a regular file of
  // this user, opened without following links or waiting on a FIFO). Errors
  // name the file: missing (kNotFound), a link or not a regular file, another
  // owner, readable by group or others, garbled.
  static Result<WebhookKey> Load(const std::filesystem::path& dir);
  // Creates <dir>/webhook.key (dir made 0700 if missing) unless it exists;
  // true when it made a new key.
  static Result<bool> CreateIfMissing(const std::filesystem::path& dir);

  WebhookKey(WebhookKey&&) noexcept = default;
  WebhookKey& operator=(WebhookKey&&) noexcept = default;

  // base64(nonce || secretbox(plain)): what the database stores.
  std::string Seal(std::string_view plain) const;
  // The plain text of a sealed value; an Error when it was sealed under
  // another key or altered.
  Result<std::string> Open(std::string_view sealed) const;

 private:
  explicit WebhookKey(crypto::SecretBytes key) : key_(std::move(key)) {}
  crypto::SecretBytes key_;
};

}  // namespace mark::notify
