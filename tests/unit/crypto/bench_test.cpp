// Signing and verification rates, as figures. Hidden from the
// normal run: ./unit_crypto "[bench]". Prints, asserts nothing about speed.
#include <catch2/catch.hpp>
#include <chrono>

#include "crypto/certificate.h"
#include "crypto/verifier.h"
#include "fixtures.h"

using namespace mark;
using namespace mark::crypto;
using namespace mark::crypto::testing;

TEST_CASE("certificate issue and verify rates", "[.][bench]") {
  Signer signer = SignerFromSeed('b');
  Jwks jwks = *Jwks::FromKeys({signer.Public()});
  Instant at = At("2025-06-01T00:00:00Z");
  constexpr int kN = 5000;
  auto claims = SampleClaims();
  std::string jws;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kN; ++i) {
    claims.jti = "J0072-" + std::to_string(i);
    jws = IssueCertificate(claims, signer)->jws;
  }
  auto t1 = std::chrono::steady_clock::now();
  int ok = 0;
  for (int i = 0; i < kN; ++i) ok += VerifyCertificate(jws, jwks, at).valid ? 1 : 0;
  auto t2 = std::chrono::steady_clock::now();
  REQUIRE(ok == kN);
  auto rate = [](auto d) { return kN / std::chrono::duration<double>(d).count(); };
  WARN("certificate (" << jws.size() << " bytes): issue " << static_cast<long>(rate(t1 - t0)) << "/s, verify "
                       << static_cast<long>(rate(t2 - t1)) << "/s (one core)");
}
