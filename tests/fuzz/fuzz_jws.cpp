// libFuzzer target: JWS compact serialization, JWKS documents and the one
// certificate verifier, all of which read text from strangers (markctl verify,
// POST /api/v1/verify, the verification page's JSON report).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "crypto/jwk.h"
#include "crypto/jws.h"
#include "crypto/signer.h"
#include "crypto/key_store.h"
#include "crypto/verifier.h"

namespace {

const mark::crypto::KeyStore& Keys() {
  static auto* keys = [] {
    auto signer = mark::crypto::Signer::FromSeed(std::string(32, '\x42'));
    if (!signer) std::abort();
    return new mark::crypto::KeyStore(mark::crypto::KeyStore::FromSigner(std::move(*signer)));
  }();
  return *keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const mark::Instant at(std::chrono::seconds(1790000000));
  (void)mark::crypto::ParseCompact(text);
  (void)mark::crypto::ParseStrictJson(text);
  auto v = mark::crypto::VerifyCertificate(text, Keys().PublicJwks(), at);
  if (v.valid) std::abort();  // nothing random is signed by our key
  (void)mark::crypto::VerifyStatusStatement(text, Keys().PublicJwks(), at);
  (void)mark::crypto::VerifyStatusList(text, Keys().PublicJwks(), at);
  auto jwks = mark::crypto::Jwks::Parse(text);
  if (jwks) {
    // Any JWKS that parses must be usable to (fail to) verify.
    (void)mark::crypto::VerifyCertificate("eyJhbGciOiJFZERTQSJ9.e30.AAAA", *jwks, at);
  }
  return 0;
}
