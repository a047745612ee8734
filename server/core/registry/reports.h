// Misuse reports from the public verification page: where a badge or QR code
// was seen and what looked wrong, kept for the secretariat to follow up.
// A report asks for no personal data and stores none: no address, no name,
// no contact (the rate limiter that guards the endpoint keeps addresses in
// memory only). Thread-safe (Database serialises writes).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "registry/database.h"

namespace mark::registry {

inline constexpr size_t kMaxReportNumberBytes = 32;
inline constexpr size_t kMaxReportSeenAtChars = 500;   // code points (the form's maxlength)
inline constexpr size_t kMaxReportWhatChars = 2000;    // code points
inline constexpr int kMaxReportListLimit = 200;

struct MisuseReport {
  long long id = 0;
  std::string number;   // as asked about: may be a number the registry does not know
  std::string seen_at;  // a site, shop or SSID; may be empty
  std::string what;     // free text, non-empty
  Instant created_at{};
};

// Reads {number, seen_at?, what} from an untrusted request body. `number` is
// 1..32 visible ASCII letters, digits or '-' (a fake badge's number is worth
// reporting too); `seen_at` at most 500 and `what` 1..2000 code points of
// valid UTF-8 without control characters other than newline and tab;
// surrounding white space is trimmed; other fields are refused. Errors name
// every field at fault.
Result<MisuseReport> ParseMisuseReport(const nlohmann::json& body);

// Stores `report` (its id is ignored) received at `at`; returns the new id.
Result<long long> StoreMisuseReport(Database& db, const MisuseReport& report, Instant at);

// Newest first: at most `limit` reports with id < `before_id` (0: from the newest).
Result<std::vector<MisuseReport>> ListMisuseReports(const Database& db, long long before_id, int limit);

}  // namespace mark::registry
