// The audit trail for people: every secretariat action, every refusal of a
// known token (wrong role, sent in a URL), and unknown or missing tokens as
// registry/failed_attempts.h summarises them (one row per address and hour past a
// threshold, so guessing cannot bury the trail): who by token name, from
// where, what, outcome. It never holds a token or a key. Append-only in the
// schema.
#pragma once

#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/jst.h"
#include "common/result.h"
#include "storage/database.h"

namespace mark::storage {

struct AuditRecord {
  long long id = 0;
  Instant at{};
  std::string actor;    // token name; "" when no valid token was shown
  std::string remote;   // peer address
  std::string action;   // e.g. "mark.revoke", "auth"
  std::string target;   // e.g. a mark number, or "POST /api/v1/marks"
  std::string outcome;  // "ok" | "refused"
  std::string detail;
};

// Appends inside the caller's transaction.
void AppendAudit(SQLite::Database& tx, const AuditRecord& record);
// Appends in a transaction of its own.
Status RecordAudit(Database& db, const AuditRecord& record);
// Newest first, `limit` records with id < `before_id` (0: from the newest).
Result<std::vector<AuditRecord>> ListAudit(const Database& db, long long before_id, int limit);

// {"id", "at", "actor", "remote", "action", "target", "outcome", "detail"}:
// an item of GET /api/v1/audit (auditors only: it names addresses).
nlohmann::json AuditRecordJson(const AuditRecord& record);

}  // namespace mark::storage
