#include "publish/signing_issuer.h"

#include <sodium.h>

#include "common/hex.h"
#include "crypto/certificate.h"
#include "registry/json_mapping.h"
#include "registry/validity.h"

namespace mark::publish {

using namespace mark::registry;  // the registry's marks and views, which this publishes

Result<IssuedCertificate> SigningIssuer::Issue(const MarkView& view, Instant iat) const {
  unsigned char rnd[16];
  randombytes_buf(rnd, sizeof rnd);
  crypto::CertificateClaims claims;
  claims.iss = public_url_;
  claims.sub = view.mark.number;
  claims.jti = Hex(rnd);
  claims.iat = iat;
  claims.nbf = ValidityStart(view.mark);
  claims.exp = ValidityEnd(view.mark);
  claims.mark = MarkClaim(view);
  auto token = crypto::IssueCertificate(claims, keys_.Active());
  if (!token) return token.error();
  return IssuedCertificate{token->jws, token->kid, token->payload, claims.nbf, claims.exp};
}

}  // namespace mark::publish
