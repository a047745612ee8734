#include "tlog/log_key.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "common/base64.h"
#include "common/json_text.h"
#include "crypto/atomic_file.h"
#include "crypto/key_file.h"
#include "crypto/sodium_init.h"

namespace mark::registry {

namespace fs = std::filesystem;

Result<LogKey> LogKey::FromSeed(std::string_view seed) {
  if (Status s = crypto::EnsureSodium(); !s) return s.error();
  if (seed.size() != crypto_sign_SEEDBYTES)
    return Error::Make(ErrorCode::kInvalid, "a log key seed is 32 bytes");
  crypto::SecretBytes stored(crypto_sign_SEEDBYTES);
  std::copy(seed.begin(), seed.end(), stored.data());
  crypto::SecretBytes sk(crypto_sign_SECRETKEYBYTES);
  tlog::Ed25519PublicKey pk{};
  if (crypto_sign_seed_keypair(pk.data(), sk.data(), stored.data()) != 0)
    return Error::Make(ErrorCode::kInternal, "cannot derive the log's public key");
  return LogKey(std::move(stored), pk);
}

Result<LogKey> LogKey::Load(const fs::path& dir) {
  const fs::path path = dir / kLogKeyFile;
  auto text = crypto::ReadKeyFile(path, crypto::KeyFileKind::kSecret, 4096);
  if (!text && text.error().code == ErrorCode::kNotFound)
    return Error::Make(ErrorCode::kNotFound, "no transparency log key " + path.string() +
                                                 " (create it with: markctl keys log-init --keys " +
                                                 dir.string() + ")");
  if (!text) return text.error();
  const auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("kind", "") != "transparency-log-key" ||
      j.value("alg", "") != "Ed25519" || !j.contains("seed") || !j["seed"].is_string())
    return Error::Make(ErrorCode::kInvalid, "log key " + path.string() + " is garbled");
  auto seed = Base64UrlDecode(j["seed"].get<std::string>());
  if (!seed || seed->size() != crypto_sign_SEEDBYTES)
    return Error::Make(ErrorCode::kInvalid, "log key " + path.string() + " holds no 32-byte seed");
  auto key = FromSeed(*seed);
  sodium_memzero(seed->data(), seed->size());
  return key;
}

Result<bool> LogKey::CreateIfMissing(const fs::path& dir) {
  if (Status s = crypto::EnsureSodium(); !s) return s.error();
  const fs::path path = dir / kLogKeyFile;
  std::error_code ec;
  if (fs::exists(path, ec)) return false;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return Error::Make(ErrorCode::kUnavailable, "cannot create " + dir.string() + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, ec);
  }
  crypto::SecretBytes seed(crypto_sign_SEEDBYTES);
  randombytes_buf(seed.data(), seed.size());
  std::string text = JsonText(nlohmann::json{{"kind", "transparency-log-key"},
                                             {"alg", "Ed25519"},
                                             {"seed", Base64UrlEncode(seed.view())}}) +
                     "\n";
  Status st = crypto::WriteFileAtomic(path, text, 0600);
  sodium_memzero(text.data(), text.size());
  if (!st) return st.error();
  return true;
}

std::string LogKey::VerifierKey(std::string_view origin) const {
  return tlog::FormatVerifierKey(origin, public_key_);
}

}  // namespace mark::registry
