#include "registry/mark_counts.h"

#include "registry/mark_status_sql.h"
#include "storage/query.h"

namespace mark::registry {

using nlohmann::json;

namespace {

constexpr MarkStatus kStatuses[] = {MarkStatus::kValid,     MarkStatus::kNotYetValid, MarkStatus::kExpired,
                                    MarkStatus::kSuspended, MarkStatus::kRevoked,     MarkStatus::kReturned};
constexpr Scheme kSchemes[] = {Scheme::kIsp, Scheme::kWifi};

std::map<std::string, long long> ZeroStatuses() {
  std::map<std::string, long long> out;
  for (MarkStatus s : kStatuses) out[std::string(ToString(s))] = 0;
  return out;
}

const std::string& CountSql() {
  static const std::string sql = "SELECT s.scheme, " + std::string(kMarkStatusSql) +
                                 " AS status, COUNT(*) FROM marks m JOIN services s ON s.id = m.service_id "
                                 "GROUP BY s.scheme, status";
  return sql;
}

}  // namespace

Result<MarkCounts> CountMarks(const storage::Database& db, Date today) {
  MarkCounts c;
  c.as_of = today;
  c.by_status = ZeroStatuses();
  for (Scheme s : kSchemes) c.by_scheme[std::string(ToString(s))] = ZeroStatuses();
  Status st = db.Read([&](SQLite::Database& conn) {
    storage::Query q(conn, CountSql());
    q->bind(":today", FormatDate(today));
    while (q->executeStep()) {
      const std::string scheme = q->getColumn(0).getString();
      const std::string status = q->getColumn(1).getString();
      const long long n = q->getColumn(2).getInt64();
      c.total += n;
      c.by_status[status] += n;
      c.by_scheme[scheme][status] += n;
    }
    return Status{};
  });
  if (!st) return st.error();
  return c;
}

json MarkCountsJson(const MarkCounts& c) {
  json schemes = json::object();
  for (const auto& [scheme, statuses] : c.by_scheme) {
    long long total = 0;
    for (const auto& [status, n] : statuses) total += n;
    schemes[scheme] = {{"total", total}, {"by_status", statuses}};
  }
  return {{"as_of", FormatDate(c.as_of)}, {"total", c.total}, {"by_status", c.by_status}, {"by_scheme", schemes}};
}

}  // namespace mark::registry
