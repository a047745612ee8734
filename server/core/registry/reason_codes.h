// The machine words that say why a mark was suspended, revoked or returned
// (the free-text reason is for people). Offline verifiers read them from the
// signed status list; the console offers exactly these (GET
// /api/v1/reason-codes), so a code is chosen from the list, never typed.
//   - suspend/reinstate: any of kReasonCodes;
//   - revoke (a sanction): kReasonCodes except kReturnNotRevoke, which are no
//     sanction (the mark is returned instead; stored ones stay readable);
//   - return (返上): kReturnCodes.
// "superseded" is not among them: it names a certificate replaced by a newer
// one of its mark (verifier.h), which is not a reason to withdraw a mark.
// Stored withdrawals that say it stay readable.
#pragma once

#include <nlohmann/json.hpp>

namespace mark::registry {

inline constexpr const char* kReasonCodes[] = {"unspecified",     "misrepresentation", "non_payment",
                                               "review_failed",   "security_incident", "ceased_operation",
                                               "operator_request"};
inline constexpr const char* kReturnNotRevoke[] = {"ceased_operation", "operator_request"};
inline constexpr const char* kReturnCodes[] = {"service_ended", "holder_request", "business_transferred",
                                               "unspecified"};

// {"suspend": [...], "reinstate": [...], "revoke": [...], "return": [...]},
// each in the order above, "unspecified" (the default) among them.
nlohmann::json ReasonCodesJson();

}  // namespace mark::registry
