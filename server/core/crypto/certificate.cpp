#include "crypto/certificate.h"

#include "crypto/jws.h"
#include "crypto/token_json.h"

namespace mark::crypto {

Result<SignedToken> IssueCertificate(const CertificateClaims& c, const Signer& signer) {
  if (c.iss.empty()) return Error::Invalid("iss", "empty");
  if (c.sub.empty()) return Error::Invalid("sub", "empty");
  if (c.jti.empty()) return Error::Invalid("jti", "empty");
  if (!c.mark.is_object()) return Error::Invalid("mark", "not an object");
  if (c.exp <= c.nbf) return Error::Invalid("exp", "not after nbf");
  using internal::ToNumericDate;
  nlohmann::ordered_json payload = {
      {"iss", c.iss},
      {"sub", c.sub},
      {"jti", c.jti},
      {"iat", ToNumericDate(c.iat)},
      {"nbf", ToNumericDate(c.nbf)},
      {"exp", ToNumericDate(c.exp)},
      {"mark", nlohmann::ordered_json(c.mark)},
  };
  return internal::SignJson(kCertificateTyp, payload, signer);
}

std::optional<CurrentCertificate> CertificateIdentity(std::string_view jws) {
  auto parts = ParseCompact(jws);
  if (!parts) return std::nullopt;
  const std::string* jti = internal::ReadString(parts->payload, "jti");
  auto iat = internal::ReadNumericDate(parts->payload, "iat");
  if (!jti || !iat) return std::nullopt;
  return CurrentCertificate{*jti, *iat};
}

}  // namespace mark::crypto
