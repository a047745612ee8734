// Retention: what the registry keeps only for a while, and for how long.
// Everything not named here is kept for good. These rows exist because
// anyone can cause them (a guessed token, a report while the queue was
// full), so they must not pile up: markd prunes them once a minute
// (housekeeping.h). The attention list shows floods and report drops for as
// long as they are kept, so their periods are also how long a person is
// told about them. Thread-safe.
#pragma once

#include <chrono>

#include "common/clock.h"
#include "common/result.h"
#include "storage/database.h"

namespace mark::registry {

// auth_failures by minute, auth_failure_audits by hour (failed_attempts.h).
inline constexpr std::chrono::hours kKeepFailedAttempts{24 * 30};
// token_floods, from the flood's last attempt.
inline constexpr std::chrono::hours kKeepFloods{24 * 7};
// report_drops (reports.h), in JST days: today and the 6 days before.
inline constexpr int kKeepReportDropDays = 7;

// Deletes what is past its time as of `now`; when nothing is, writes
// nothing (a read finds out). Returns how many rows went.
Result<long long> PruneExpired(storage::Database& db, Instant now);

}  // namespace mark::registry
