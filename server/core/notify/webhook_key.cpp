#include "notify/webhook_key.h"

#include <sodium.h>

#include "common/base64.h"
#include "crypto/secret_key_file.h"

namespace mark::notify {

namespace fs = std::filesystem;

namespace {
constexpr crypto::SecretKeyFileFormat kWebhookKeyFormat{kWebhookKeyFile, "webhook-secret-key",       "xsalsa20poly1305",
                                                        "key",           crypto_secretbox_KEYBYTES,  "webhook key",
                                                        "webhook key",   "markctl keys webhook-init"};
}  // namespace

Result<WebhookKey> WebhookKey::Load(const fs::path& dir) {
  auto key = crypto::ReadSecretKeyFile(dir, kWebhookKeyFormat);
  if (!key) return key.error();
  return WebhookKey(std::move(*key));
}

Result<bool> WebhookKey::CreateIfMissing(const fs::path& dir) {
  return crypto::CreateSecretKeyFile(dir, kWebhookKeyFormat);
}

std::string WebhookKey::Seal(std::string_view plain) const {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), nonce, key_.data());
  return Base64Encode(out);
}

Result<std::string> WebhookKey::Open(std::string_view sealed) const {
  auto raw = Base64Decode(sealed);
  if (!raw || raw->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return Error::Make(ErrorCode::kInternal, "a sealed webhook secret is garbled");
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw->data());
  std::string plain(raw->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), nonce + crypto_secretbox_NONCEBYTES,
                                 raw->size() - crypto_secretbox_NONCEBYTES, nonce, key_.data()) != 0)
    return Error::Make(ErrorCode::kInternal, "a webhook secret does not open with keys/webhook.key (another key?)");
  return plain;
}

}  // namespace mark::notify
