#include "crypto/signer.h"

#include <sodium.h>

#include "crypto/sodium_init.h"

namespace mark::crypto {

Signer::Signer(SecretBytes secret_key, std::string public_key)
    : secret_key_(std::move(secret_key)), public_key_(std::move(public_key)), kid_(Thumbprint(public_key_)) {}

Result<Signer> Signer::FromSeed(std::string_view seed) {
  if (auto s = EnsureSodium(); !s) return s.error();
  if (seed.size() != crypto_sign_SEEDBYTES) return Error::Invalid("seed", "an Ed25519 seed is 32 bytes");
  SecretBytes sk(crypto_sign_SECRETKEYBYTES);
  std::string pk(crypto_sign_PUBLICKEYBYTES, '\0');
  if (crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(pk.data()), sk.data(),
                               reinterpret_cast<const unsigned char*>(seed.data())) != 0)
    return Error::Make(ErrorCode::kInternal, "crypto_sign_seed_keypair failed");
  return Signer(std::move(sk), std::move(pk));
}

Result<Signer> Signer::Generate() {
  if (auto s = EnsureSodium(); !s) return s.error();
  SecretBytes seed(crypto_sign_SEEDBYTES);
  randombytes_buf(seed.data(), seed.size());
  return FromSeed(seed.view());
}

std::string Signer::Sign(std::string_view msg) const {
  std::string sig(crypto_sign_BYTES, '\0');
  // crypto_sign_detached cannot fail for a well-formed secret key; checked anyway.
  if (crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                           reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), secret_key_.data()) != 0)
    return {};
  return sig;
}

bool VerifyEd25519(std::string_view public_key, std::string_view msg, std::string_view sig) {
  if (!EnsureSodium()) return false;
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || sig.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                     reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                                     reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

}  // namespace mark::crypto
