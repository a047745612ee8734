#include "notify/webhook_key.h"

#include <sodium.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "common/base64.h"
#include "common/json_text.h"
#include "crypto/atomic_file.h"
#include "crypto/sodium_init.h"

namespace mark::notify {

namespace fs = std::filesystem;

namespace {
constexpr const char* kKind = "webhook-secret-key";
constexpr const char* kAlg = "xsalsa20poly1305";
}  // namespace

Result<WebhookKey> WebhookKey::Load(const fs::path& dir) {
  if (Status s = crypto::EnsureSodium(); !s) return s.error();
  const fs::path path = dir / kWebhookKeyFile;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return Error::Make(ErrorCode::kNotFound, "no webhook key " + path.string() +
                                                 " (create it with: markctl keys webhook-init --keys " + dir.string() +
                                                 ")");
  if ((st.st_mode & 077) != 0)
    return Error::Make(ErrorCode::kInvalid, "webhook key " + path.string() +
                                                " is readable by group or others; chmod 600 it");
  auto text = crypto::ReadWholeFile(path, 4096);
  if (!text) return text.error();
  const auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("kind", "") != kKind || j.value("alg", "") != kAlg ||
      !j.contains("key") || !j["key"].is_string())
    return Error::Make(ErrorCode::kInvalid, "webhook key " + path.string() + " is garbled");
  auto raw = Base64UrlDecode(j["key"].get<std::string>());
  if (!raw || raw->size() != crypto_secretbox_KEYBYTES)
    return Error::Make(ErrorCode::kInvalid, "webhook key " + path.string() + " holds no 32-byte key");
  crypto::SecretBytes key(crypto_secretbox_KEYBYTES);
  std::copy(raw->begin(), raw->end(), key.data());
  sodium_memzero(raw->data(), raw->size());
  return WebhookKey(std::move(key));
}

Result<bool> WebhookKey::CreateIfMissing(const fs::path& dir) {
  if (Status s = crypto::EnsureSodium(); !s) return s.error();
  const fs::path path = dir / kWebhookKeyFile;
  std::error_code ec;
  if (fs::exists(path, ec)) return false;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return Error::Make(ErrorCode::kUnavailable, "cannot create " + dir.string() + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, ec);
  }
  crypto::SecretBytes key(crypto_secretbox_KEYBYTES);
  crypto_secretbox_keygen(key.data());
  std::string text =
      JsonText(nlohmann::json{{"kind", kKind}, {"alg", kAlg}, {"key", Base64UrlEncode(key.view())}}) + "\n";
  Status st = crypto::WriteFileAtomic(path, text, 0600);
  sodium_memzero(text.data(), text.size());
  if (!st) return st.error();
  return true;
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
