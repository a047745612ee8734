#include "storage/audit.h"

#include <SQLiteCpp/Statement.h>

#include "storage/query.h"

namespace mark::storage {

void AppendAudit(SQLite::Database& tx, const AuditRecord& r) {
  Query q(tx,
          "INSERT INTO audit (at, actor, remote, action, target, outcome, detail) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, FormatInstant(r.at));
  q->bind(2, r.actor);
  q->bind(3, r.remote);
  q->bind(4, r.action);
  q->bind(5, r.target.substr(0, 300));
  q->bind(6, r.outcome);
  q->bind(7, r.detail.substr(0, 500));
  q->exec();
}

Status RecordAudit(Database& db, const AuditRecord& record) {
  return db.Write([&](SQLite::Database& tx) {
    AppendAudit(tx, record);
    return Status{};
  });
}

Result<std::vector<AuditRecord>> ListAudit(const Database& db, long long before_id, int limit) {
  std::vector<AuditRecord> out;
  Status st = db.Read([&](SQLite::Database& tx) {
    Query q(tx,
            "SELECT id, at, actor, remote, action, target, outcome, detail FROM audit "
            "WHERE (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?");
    q->bind(1, static_cast<int64_t>(before_id));
    q->bind(2, static_cast<int64_t>(before_id));
    q->bind(3, limit);
    while (q->executeStep()) {
      AuditRecord r;
      r.id = q->getColumn(0).getInt64();
      r.at = ParseInstant(q->getColumn(1).getString()).value_or(Instant{});
      r.actor = q->getColumn(2).getString();
      r.remote = q->getColumn(3).getString();
      r.action = q->getColumn(4).getString();
      r.target = q->getColumn(5).getString();
      r.outcome = q->getColumn(6).getString();
      r.detail = q->getColumn(7).getString();
      out.push_back(std::move(r));
    }
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

nlohmann::json AuditRecordJson(const AuditRecord& r) {
  return {{"id", r.id},         {"at", FormatInstant(r.at)}, {"actor", r.actor},     {"remote", r.remote},
          {"action", r.action}, {"target", r.target},        {"outcome", r.outcome}, {"detail", r.detail}};
}

}  // namespace mark::storage
