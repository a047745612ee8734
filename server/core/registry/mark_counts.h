// Mark counts: how many marks the registry holds in each status, overall and
// per scheme, as of one JST date, counted by SQLite in one pass (the console's
// dashboard, GET /api/v1/marks/counts). Exact at any size: nothing is paged
// or capped. Thread-safe (reads only).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "common/jst.h"
#include "common/model.h"
#include "common/result.h"
#include "storage/database.h"

namespace mark::registry {

struct MarkCounts {
  Date as_of{};
  long long total = 0;
  std::map<std::string, long long> by_status;                         // every status, zero when none
  std::map<std::string, std::map<std::string, long long>> by_scheme;  // scheme → status → count
};

// Status as StatusAt would compute it on `today` (JST).
Result<MarkCounts> CountMarks(const storage::Database& db, Date today);

// {"as_of", "total", "by_status": {"valid": n, ...}, "by_scheme": {"isp":
// {"total", "by_status": {...}}, "wifi": {...}}}; every status and scheme
// present, zero when none, so "none" reads apart from "not known".
nlohmann::json MarkCountsJson(const MarkCounts& counts);

}  // namespace mark::registry
