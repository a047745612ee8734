#include "crypto/verifier.h"

#include <algorithm>
#include <cctype>

#include "common/jst.h"
#include "crypto/jws.h"
#include "crypto/signer.h"
#include "crypto/token_json.h"

namespace mark::crypto {

using internal::ReadNumericDate;
using internal::ReadString;

namespace {

Verification Fail(Verification v, std::string code, std::string reason) {
  v.valid = false;
  v.reason_code = std::move(code);
  v.reason = std::move(reason);
  return v;
}

// RFC 7515 section 4.1.9: typ compares case-insensitively and may omit the
// "application/" prefix.
bool TypMatches(std::string_view got, std::string_view want) {
  auto lower = [](std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
  };
  std::string g = lower(got);
  constexpr std::string_view kPrefix = "application/";
  if (g.rfind(kPrefix, 0) == 0 && g.find('/', kPrefix.size()) == std::string::npos) g = g.substr(kPrefix.size());
  return g == lower(want);
}

// Everything that does not depend on the token's claims: size, structure,
// alg, typ, kid, signature. On success `v.valid` is true and `parts` filled.
Verification CheckSignedJws(std::string_view jws, const Jwks& jwks, std::string_view typ, size_t max_bytes,
                            JwsParts& parts, VerifiedJwsCache* verified = nullptr) {
  Verification v;
  if (verified && jws.size() <= max_bytes) {
    if (auto hit = verified->Find(typ, jws)) {
      const PublicJwk* key = jwks.Find(hit->kid);
      if (key && key->public_key == hit->public_key) {
        parts.payload = hit->payload;
        v.payload = hit->payload;
        v.kid = hit->kid;
        v.valid = true;
        return v;
      }
    }
  }
  auto parsed = ParseCompact(jws, max_bytes);
  if (!parsed) {
    if (parsed.error().code == ErrorCode::kTooLarge) return Fail(std::move(v), "too_large", parsed.error().message);
    return Fail(std::move(v), "malformed", "malformed JWS: " + parsed.error().message);
  }
  parts = std::move(*parsed);
  v.payload = parts.payload;
  if (const std::string* kid = ReadString(parts.header, "kid")) v.kid = *kid;

  const std::string* alg = ReadString(parts.header, "alg");
  if (alg == nullptr) return Fail(std::move(v), "bad_alg", "header has no alg");
  if (*alg != "EdDSA") return Fail(std::move(v), "bad_alg", "alg \"" + *alg + "\" is not accepted (only EdDSA)");
  const std::string* got_typ = ReadString(parts.header, "typ");
  if (got_typ == nullptr) return Fail(std::move(v), "bad_typ", "header has no typ (expected " + std::string(typ) + ")");
  if (!TypMatches(*got_typ, typ))
    return Fail(std::move(v), "bad_typ", "typ \"" + *got_typ + "\" is not " + std::string(typ));
  if (!parts.header.contains("kid")) return Fail(std::move(v), "unknown_key", "header has no kid");
  if (v.kid.empty()) return Fail(std::move(v), "unknown_key", "header kid is not a non-empty string");
  const PublicJwk* key = jwks.Find(v.kid);
  if (key == nullptr)
    return Fail(std::move(v), "unknown_key", "key " + v.kid + " is not in the JWKS (unknown or retired)");
  if (!VerifyEd25519(key->public_key, parts.signing_input, parts.signature))
    return Fail(std::move(v), "bad_signature", "signature does not verify with key " + v.kid + " (altered or forged)");
  if (verified) verified->Remember(typ, jws, {v.kid, key->public_key, parts.payload});
  v.valid = true;
  return v;
}

}  // namespace

Verification VerifyCertificate(std::string_view jws, const Jwks& jwks, Instant at, const StatusList* status_list,
                               VerifiedJwsCache* verified) {
  VerifyOptions options;
  options.status_list = status_list;
  options.verified = verified;
  return VerifyCertificate(jws, jwks, at, options);
}

Verification VerifyCertificate(std::string_view jws, const Jwks& jwks, Instant at, const VerifyOptions& o) {
  JwsParts parts;
  Verification v = CheckSignedJws(jws, jwks, "mark+jwt", kMaxJwsBytes, parts, o.verified);
  if (!v.valid) return v;
  const nlohmann::json& p = parts.payload;
  const std::string* iss = ReadString(p, "iss");
  const std::string* sub = ReadString(p, "sub");
  const std::string* jti = ReadString(p, "jti");
  auto iat = ReadNumericDate(p, "iat");
  auto nbf = ReadNumericDate(p, "nbf");
  auto exp = ReadNumericDate(p, "exp");
  if (!iss) return Fail(std::move(v), "bad_claims", "claim iss missing");
  if (!sub || sub->empty()) return Fail(std::move(v), "bad_claims", "claim sub missing");
  if (!jti) return Fail(std::move(v), "bad_claims", "claim jti missing");
  if (!iat) return Fail(std::move(v), "bad_claims", "claim iat missing or not a NumericDate");
  if (!nbf) return Fail(std::move(v), "bad_claims", "claim nbf missing or not a NumericDate");
  if (!exp) return Fail(std::move(v), "bad_claims", "claim exp missing or not a NumericDate");
  auto mark = p.find("mark");
  if (mark == p.end() || !mark->is_object())
    return Fail(std::move(v), "bad_claims", "claim mark missing or not an object");
  if (const std::string* number = ReadString(*mark, "number"); number && *number != *sub)
    return Fail(std::move(v), "bad_claims", "mark.number differs from sub");

  if (at < *nbf)
    return Fail(std::move(v), "not_yet_valid",
                "certificate for " + *sub + " is not valid before " + FormatInstant(*nbf));
  if (at >= *exp)
    return Fail(std::move(v), "expired", "certificate for " + *sub + " expired at " + FormatInstant(*exp));
  if (o.status_list != nullptr) {
    if (const StatusEntry* e = o.status_list->Find(*sub)) {
      std::string why = "mark " + *sub + " was " + e->status + " at " + FormatInstant(e->changed_at);
      if (!e->reason_code.empty()) why += " (" + e->reason_code + ")";
      return Fail(std::move(v), e->status, why);
    }
  }
  // Superseded: the registry's exact word when it is asked; otherwise a
  // list's, which speaks only of certificates issued before the one it names
  // (a certificate newer than the list is not the list's to judge).
  std::optional<CurrentCertificate> exact;
  if (o.current_certificate) exact = o.current_certificate(*sub);
  const CurrentCertificate* newer = nullptr;
  if (exact) {
    if (exact->jti != *jti) newer = &*exact;
  } else if (o.status_list != nullptr) {
    const CurrentCertificate* listed = o.status_list->Current(*sub);
    if (listed && listed->jti != *jti && *iat < listed->iat) newer = listed;
  }
  if (newer)
    return Fail(
        std::move(v), "superseded",
        "certificate for " + *sub + " is superseded by a newer certificate (issued " + FormatInstant(newer->iat) + ")");
  if (!o.issuer.empty() && *iss != o.issuer)
    return Fail(std::move(v), "wrong_issuer",
                "certificate for " + *sub + " is issued by \"" + *iss + "\", not by this registry (" + o.issuer + ")");
  v.reason_code = "valid";
  v.reason = "certificate for " + *sub + " is valid until " + FormatInstant(*exp) + " (key " + v.kid + ")";
  return v;
}

namespace {

// iat/exp window shared by the two status tokens.
Verification CheckStatusWindow(Verification v, const nlohmann::json& p, Instant at, std::string_view what) {
  auto iat = ReadNumericDate(p, "iat");
  auto exp = ReadNumericDate(p, "exp");
  if (!ReadString(p, "iss")) return Fail(std::move(v), "bad_claims", "claim iss missing");
  if (!iat) return Fail(std::move(v), "bad_claims", "claim iat missing or not a NumericDate");
  if (!exp) return Fail(std::move(v), "bad_claims", "claim exp missing or not a NumericDate");
  if (at < *iat - kStatusClockSkew)
    return Fail(std::move(v), "not_yet_valid",
                std::string(what) + " is issued in the future (" + FormatInstant(*iat) + ")");
  if (at >= *exp) return Fail(std::move(v), "expired", std::string(what) + " expired at " + FormatInstant(*exp));
  return v;
}

}  // namespace

Verification VerifyStatusStatement(std::string_view jws, const Jwks& jwks, Instant at) {
  JwsParts parts;
  Verification v = CheckSignedJws(jws, jwks, kStatusTyp, kMaxJwsBytes, parts);
  if (!v.valid) return v;
  v = CheckStatusWindow(std::move(v), parts.payload, at, "status statement");
  if (!v.valid) return v;
  const std::string* sub = ReadString(parts.payload, "sub");
  const std::string* status = ReadString(parts.payload, "status");
  if (!sub || !status) return Fail(std::move(v), "bad_claims", "claim sub or status missing");
  v.reason_code = "valid";
  v.reason = "status of " + *sub + " is " + *status;
  return v;
}

Result<StatusList> VerifyStatusList(std::string_view jws, const Jwks& jwks, Instant at, std::string_view issuer) {
  JwsParts parts;
  Verification v = CheckSignedJws(jws, jwks, kStatusListTyp, kMaxStatusListJwsBytes, parts);
  if (v.valid) v = CheckStatusWindow(std::move(v), parts.payload, at, "status list");
  if (v.valid && !issuer.empty()) {
    if (const std::string* iss = ReadString(parts.payload, "iss"); iss && *iss != issuer)
      v = Fail(std::move(v), "wrong_issuer",
               "status list is issued by \"" + *iss + "\", not by " + std::string(issuer));
  }
  if (!v.valid)
    return Error::Make(v.reason_code == "too_large" ? ErrorCode::kTooLarge : ErrorCode::kInvalid,
                       v.reason_code + ": " + v.reason);
  auto list = StatusListFromPayload(parts.payload);
  if (!list) return Error::Make(ErrorCode::kInvalid, "bad_claims: status list " + list.error().message);
  return list;
}

}  // namespace mark::crypto
