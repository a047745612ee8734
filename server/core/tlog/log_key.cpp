#include "tlog/log_key.h"

#include <sodium.h>

#include "crypto/secret_key_file.h"
#include "crypto/sodium_init.h"

namespace mark::tlog {

namespace fs = std::filesystem;

namespace {
constexpr crypto::SecretKeyFileFormat kLogKeyFormat{kLogKeyFile,
                                                    "transparency-log-key",
                                                    "Ed25519",
                                                    "seed",
                                                    crypto_sign_SEEDBYTES,
                                                    "log key",
                                                    "transparency log key",
                                                    "markctl keys log-init"};
}  // namespace

Result<LogKey> LogKey::FromSeed(std::string_view seed) {
  if (Status s = crypto::EnsureSodium(); !s) return s.error();
  if (seed.size() != crypto_sign_SEEDBYTES) return Error::Make(ErrorCode::kInvalid, "a log key seed is 32 bytes");
  crypto::SecretBytes stored(crypto_sign_SEEDBYTES);
  std::copy(seed.begin(), seed.end(), stored.data());
  crypto::SecretBytes sk(crypto_sign_SECRETKEYBYTES);
  tlog::Ed25519PublicKey pk{};
  if (crypto_sign_seed_keypair(pk.data(), sk.data(), stored.data()) != 0)
    return Error::Make(ErrorCode::kInternal, "cannot derive the log's public key");
  return LogKey(std::move(stored), pk);
}

Result<LogKey> LogKey::Load(const fs::path& dir) {
  auto seed = crypto::ReadSecretKeyFile(dir, kLogKeyFormat);
  if (!seed) return seed.error();
  return FromSeed(seed->view());
}

Result<bool> LogKey::CreateIfMissing(const fs::path& dir) { return crypto::CreateSecretKeyFile(dir, kLogKeyFormat); }

std::string LogKey::VerifierKey(std::string_view origin) const { return tlog::FormatVerifierKey(origin, public_key_); }

}  // namespace mark::tlog
