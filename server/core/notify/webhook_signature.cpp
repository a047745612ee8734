#include "notify/webhook_signature.h"

#include <sodium.h>

#include "common/base64.h"
#include "crypto/secret_bytes.h"
#include "crypto/sodium_init.h"

namespace mark::notify {

namespace {
constexpr std::string_view kPrefix = "whsec_";
}

std::string NewWebhookSecret() {
  (void)crypto::EnsureSodium();
  std::string bytes(32, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  std::string secret = std::string(kPrefix) + Base64Encode(bytes);
  crypto::Wipe(bytes);
  return secret;
}

Result<std::string> WebhookSecretKey(std::string_view secret) {
  if (secret.substr(0, kPrefix.size()) != kPrefix) return Error::Make(ErrorCode::kInternal, "not a whsec_ secret");
  auto key = Base64Decode(secret.substr(kPrefix.size()));
  if (!key || key->empty()) return Error::Make(ErrorCode::kInternal, "a webhook secret is not base64");
  return *key;
}

std::string WebhookSignature(std::string_view key, std::string_view id, long long timestamp, std::string_view body) {
  (void)crypto::EnsureSodium();
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  const std::string ts = std::to_string(timestamp);
  auto update = [&st](std::string_view part) {
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(part.data()), part.size());
  };
  update(id);
  update(".");
  update(ts);
  update(".");
  update(body);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&st, mac);
  crypto::Wipe(&st, sizeof st);
  return "v1," + Base64Encode(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

}  // namespace mark::notify
