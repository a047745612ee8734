// Verifier: the one implementation of "is this certificate good?", used by
// markctl verify, POST /api/v1/verify and the verification page. Stateless
// and thread-safe; time comes in as an Instant.
//
// reason_code is a stable machine word (API clients may switch on it):
//   valid          signature, key, typ, window and status all hold
//   too_large      input over the size cap (checked first, nothing decoded)
//   malformed      not three canonical base64url parts of JSON objects, or "crit"
//   bad_alg        alg is not exactly "EdDSA" ("none" included)
//   bad_typ        typ is not the expected one (e.g. a status token as a certificate)
//   unknown_key    no kid, or a kid not in the JWKS (unknown or retired key)
//   bad_signature  the signature does not verify (tampered header or payload)
//   bad_claims     a required claim is missing or of the wrong type
//   not_yet_valid  at < nbf
//   expired        at >= exp
//   suspended / revoked / returned   the (already verified) status list lists the mark
//   superseded     the mark has a newer certificate: the status list names
//                  another current certificate issued after this one, or
//                  the registry itself (VerifyOptions::current_certificate)
//                  knows another one as current
//   wrong_issuer   iss is not the registry's issuer (VerifyOptions::issuer)
// Checked in this order; the first that fails is the answer.
// `reason` is one human line; it quotes text from the token (kid, sub, iss)
// as it is, so a terminal must escape it (common/terminal_text.h). `payload` is filled whenever it could be parsed,
// even when not valid (so callers can show which mark was meant); never trust
// it unless valid.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "crypto/jwk.h"
#include "crypto/status_token.h"
#include "crypto/verified_jws_cache.h"

namespace mark::crypto {

struct Verification {
  bool valid = false;
  std::string reason_code;
  std::string reason;
  nlohmann::json payload;  // null when unparseable
  std::string kid;         // from the header, when present
};

// What a verifier knows beside the JWKS. Everything is optional.
struct VerifyOptions {
  // A list VerifyStatusList accepted: its withdrawn marks (applied whatever
  // their changed_at: it is the verifier's latest knowledge, and revocation
  // is permanent) and its current certificates.
  const StatusList* status_list = nullptr;
  // The registry's own, exact knowledge of a mark's current certificate
  // (markd): any other certificate of that mark is superseded, whenever it
  // was issued. Asked only for a certificate whose signature, claims and
  // window hold; nullopt when the registry has no such mark.
  std::function<std::optional<CurrentCertificate>(std::string_view number)> current_certificate;
  // The registry's issuer; empty: iss is not compared.
  std::string issuer;
  // A signature this cache already saw verify with a key still in the JWKS
  // is not verified again (verified_jws_cache.h); the answer is the same.
  VerifiedJwsCache* verified = nullptr;
};

// Valid iff signature, claims and nbf <= at < exp hold and none of the
// options given says otherwise (see the reason codes above).
Verification VerifyCertificate(std::string_view jws, const Jwks& jwks, Instant at, const VerifyOptions& options);
// The same with a status list and a cache only.
Verification VerifyCertificate(std::string_view jws, const Jwks& jwks, Instant at,
                               const StatusList* status_list = nullptr, VerifiedJwsCache* verified = nullptr);

// A status statement (typ mark-status+jwt): valid iff signed by a JWKS key and
// iat - kStatusClockSkew <= at < exp.
Verification VerifyStatusStatement(std::string_view jws, const Jwks& jwks, Instant at);

// Tolerance for a status token issued by a server whose clock runs slightly
// ahead of the verifier's.
inline constexpr std::chrono::minutes kStatusClockSkew{5};

// A status list (typ mark-status-list+jwt), same rules as a statement, up to
// kMaxStatusListJwsBytes, and, when `issuer` is not empty, its iss must be
// it (wrong_issuer). Error (kInvalid, or kTooLarge) whose message starts
// with the reason_code, e.g. "expired: status list expired at ...".
Result<StatusList> VerifyStatusList(std::string_view jws, const Jwks& jwks, Instant at, std::string_view issuer = {});

}  // namespace mark::crypto
