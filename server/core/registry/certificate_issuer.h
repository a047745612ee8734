// CertificateIssuer: what the registry asks for a signed certificate on
// every grant, renewal and amendment of a certified fact. The registry decides what to certify; the issuer
// only signs (see crypto/). An interface so registry tests can stand alone.
#pragma once

#include <string>

#include "common/clock.h"
#include "common/model.h"
#include "common/result.h"
#include "crypto/jwk.h"

namespace mark::registry {

struct IssuedCertificate {
  std::string jws;      // compact serialization
  std::string kid;      // key that signed it
  std::string payload;  // the exact JSON text signed and stored
  Instant not_before{};
  Instant expires{};
};

class CertificateIssuer {
 public:
  virtual ~CertificateIssuer() = default;
  // `view` holds the mark as it will be after the change. `iat` is now.
  virtual Result<IssuedCertificate> Issue(const MarkView& view, Instant iat) const = 0;
  // The public keys its certificates verify with: the registry checks each
  // mark's current certificate against them before it shows the mark
  // (certified_facts.h). nullptr: none, so no mark is confirmed.
  virtual const crypto::Jwks* VerificationKeys() const { return nullptr; }
};

}  // namespace mark::registry
