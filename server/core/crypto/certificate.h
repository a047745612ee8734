// Certificate: the JWS that states a mark was granted (CONTRACT.md,
// "Certificates"). Header exactly {"alg":"EdDSA","typ":"mark+jwt","kid":KID};
// payload {"iss","sub","jti","iat","nbf","exp","mark"} with NumericDate
// (whole seconds) times. Issuing is deterministic: the same claims and key
// give the same bytes. Verification lives in verifier.h.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "crypto/signed_token.h"
#include "crypto/signer.h"
#include "crypto/status_token.h"

namespace mark::crypto {

inline constexpr std::string_view kCertificateTyp = "mark+jwt";

struct CertificateClaims {
  std::string iss;  // the registry's public URL
  std::string sub;  // the mark number, e.g. "J0072"
  std::string jti;  // unique id of this certificate
  Instant iat{};    // issued at
  Instant nbf{};    // start of validity (00:00 JST on valid_from)
  Instant exp{};    // end of validity (24:00 JST on valid_until), exclusive
  // object {"number", "scheme", "service": {"name", "name_en", "domains",
  // "ssids", "venues"}, "operator": {"name", "name_en", "corporate_number",
  // "website"}}: every public fact the verify page shows beside the status
  // (registry/json_mapping.h MarkClaim). Verifiers read only what they know,
  // so certificates issued before venues and website still verify.
  nlohmann::json mark;
};

// Fails (kInvalid) on an empty iss/sub/jti, a non-object mark, exp <= nbf, or
// text that is not valid UTF-8.
Result<SignedToken> IssueCertificate(const CertificateClaims& claims, const Signer& signer);

// The jti and iat its payload states, read without verifying anything (for
// a certificate the registry itself stored); nullopt when `jws` is not a
// JWS whose payload has both.
std::optional<CurrentCertificate> CertificateIdentity(std::string_view jws);

}  // namespace mark::crypto
