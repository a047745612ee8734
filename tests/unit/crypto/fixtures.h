// Fixed keys and claims for the crypto tests: Ed25519 is deterministic, so a
// fixed seed and fixed instants make every token byte-for-byte reproducible.
#pragma once

#include <string>

#include "common/base64.h"
#include "common/jst.h"
#include "crypto/certificate.h"
#include "crypto/signer.h"

namespace mark::crypto::testing {

// RFC 8037 Appendix A.1 private key.
inline const char* kRfcD = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
inline const char* kRfcX = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
inline const char* kRfcKid = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";

inline std::string Seed(char fill) { return std::string(32, fill); }

inline Signer SignerFromSeed(char fill) {
  auto s = Signer::FromSeed(Seed(fill));
  if (!s) throw std::runtime_error(s.error().message);
  return std::move(*s);
}

inline Instant At(const char* rfc3339) {
  auto t = ParseInstant(rfc3339);
  if (!t) throw std::runtime_error(std::string("bad instant ") + rfc3339);
  return *t;
}

// A one-year certificate: valid from 00:00 JST 2025-04-01 to 24:00 JST 2026-03-31.
inline CertificateClaims SampleClaims(const std::string& number = "J0072") {
  CertificateClaims c;
  c.iss = "https://registry.example.jp";
  c.sub = number;
  c.jti = number + "-1";
  c.iat = At("2025-03-20T01:02:03Z");
  c.nbf = At("2025-03-31T15:00:00Z");
  c.exp = At("2026-03-31T15:00:00Z");
  c.mark = {
      {"number", number},
      {"scheme", "isp"},
      {"service",
       {{"name", "あんしんネット"},
        {"name_en", "Anshin Net"},
        {"domains", {"example.jp"}},
        {"ssids", nlohmann::json::array()}}},
      {"operator", {{"name", "例示株式会社"}, {"name_en", "Example K.K."}, {"corporate_number", "1234567890123"}}}};
  return c;
}

}  // namespace mark::crypto::testing
