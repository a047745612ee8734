// Signed status: what a certificate alone cannot say (suspended or revoked
// since it was issued, or superseded by a newer certificate of its mark).
// - Status statement, typ "mark-status+jwt": one mark's status now, short-lived
//   (24 hours by default) so an ISP page can fetch and show it.
//   payload {"iss","sub","iat","exp","status","valid_from","valid_until", ...extra}
// - Status list, typ "mark-status-list+jwt": every mark that is suspended,
//   revoked or returned, and every mark's current certificate, for offline verifiers
//   that refresh it daily.
//   payload {"iss","iat","exp","entries":[{"number","status","changed_at","reason_code"}],
//            "current":{"J0072":[jti, iat], ...}}
//   "current" names, for each mark, the jti and iat of its current
//   certificate; a certificate of that mark with another jti and an earlier
//   iat is superseded. A certificate issued after the one named (a list
//   older than the certificate) is not judged by it. Lists without
//   "current" (issued before supersession was published) still parse.
// Times are NumericDate seconds. Only signing and parsing here; caching and
// issue frequency belong to the caller. Verification lives in verifier.h.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "crypto/signed_token.h"
#include "crypto/signer.h"

namespace mark::crypto {

inline constexpr std::string_view kStatusTyp = "mark-status+jwt";
inline constexpr std::string_view kStatusListTyp = "mark-status-list+jwt";
inline constexpr std::chrono::hours kDefaultStatusLifetime{24};

struct StatusStatementClaims {
  std::string iss;
  std::string sub;  // mark number
  Instant iat{};
  std::optional<Instant> exp;  // default iat + kDefaultStatusLifetime
  std::string status;          // "valid" | "not_yet_valid" | "expired" | "suspended" | "revoked" | "returned"
  std::string valid_from;      // "YYYY-MM-DD" (JST dates, as in the mark object)
  std::string valid_until;
  nlohmann::json extra = nlohmann::json::object();  // more members (e.g. revoked_at); must not
                                                    // repeat the ones above
};

// Fails (kInvalid) on empty iss/sub/status, exp <= iat, non-object extra or
// extra repeating a claim above.
Result<SignedToken> IssueStatusStatement(const StatusStatementClaims& claims, const Signer& signer);

struct StatusEntry {
  std::string number;
  std::string status;  // "suspended" | "revoked" | "returned"
  Instant changed_at{};
  std::string reason_code;  // e.g. "misrepresentation"; may be empty
};

// A mark's current certificate, as a status list names it.
struct CurrentCertificate {
  std::string jti;
  Instant iat{};
};

struct StatusList {
  std::string iss;
  Instant iat{};
  Instant exp{};
  std::vector<StatusEntry> entries;
  // Every mark's current certificate, by mark number. Empty in the list a
  // server keeps for its own verification (it knows the current certificate
  // exactly) and in lists from before supersession was published.
  std::map<std::string, CurrentCertificate, std::less<>> current;

  // The entry for a mark number, or nullptr (the mark is not suspended,
  // revoked or returned as far as this list knows).
  const StatusEntry* Find(std::string_view number) const;
  // The current certificate of a mark, or nullptr (the list does not know it).
  const CurrentCertificate* Current(std::string_view number) const;
};

// Entries and current certificates are written sorted by number
// (reproducible bytes). Fails on a status other than suspended/revoked/returned, a
// duplicate number, an empty number or jti, exp <= iat.
Result<SignedToken> IssueStatusList(const StatusList& list, const Signer& signer);

// Reads a status list from its (already verified) payload. kInvalid when a
// member is missing or of the wrong type.
Result<StatusList> StatusListFromPayload(const nlohmann::json& payload);

}  // namespace mark::crypto
