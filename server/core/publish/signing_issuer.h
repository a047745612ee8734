// SigningIssuer: the CertificateIssuer markd uses — certificates signed by
// the key store's active key, with the claims the contract lists and the
// mark's public facts (MarkClaim: venues and the operator's website too).
#pragma once

#include <string>

#include "crypto/key_store.h"
#include "registry/certificate_issuer.h"

namespace mark::publish {

class SigningIssuer final : public registry::CertificateIssuer {
 public:
  // `keys` must outlive the issuer.
  SigningIssuer(const crypto::KeyStore& keys, std::string public_url)
      : keys_(keys), public_url_(std::move(public_url)) {}
  Result<registry::IssuedCertificate> Issue(const MarkView& view, Instant iat) const override;
  // The key store's active and published keys.
  const crypto::Jwks* VerificationKeys() const override { return &keys_.PublicJwks(); }

 private:
  const crypto::KeyStore& keys_;
  std::string public_url_;
};

}  // namespace mark::publish
