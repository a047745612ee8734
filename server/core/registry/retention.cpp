#include "registry/retention.h"

#include <SQLiteCpp/Statement.h>

#include <string>
#include <vector>

#include "common/jst.h"
#include "storage/query.h"

namespace mark::registry {

namespace {

struct Rule {
  const char* any;    // SELECT 1 ... LIMIT 1: is anything past its time?
  const char* prune;  // DELETE ...
};

// Each takes one parameter: the oldest value kept. The columns hold
// instants as FormatInstant writes them (or JST dates), so text order is
// time order and each lookup uses the table's index or key.
constexpr Rule kRules[] = {
    {"SELECT 1 FROM auth_failures WHERE minute < ? LIMIT 1", "DELETE FROM auth_failures WHERE minute < ?"},
    {"SELECT 1 FROM auth_failure_audits WHERE hour < ? LIMIT 1", "DELETE FROM auth_failure_audits WHERE hour < ?"},
    {"SELECT 1 FROM token_floods WHERE last_at < ? LIMIT 1", "DELETE FROM token_floods WHERE last_at < ?"},
    {"SELECT 1 FROM report_drops WHERE day < ? LIMIT 1", "DELETE FROM report_drops WHERE day < ?"},
};

}  // namespace

Result<long long> PruneExpired(storage::Database& db, Instant now) {
  const std::string counts_from = FormatInstant(now - kKeepFailedAttempts);
  const std::string floods_from = FormatInstant(now - kKeepFloods);
  const std::string drops_from = FormatDate(AddDays(JstDate(now), -(kKeepReportDropDays - 1)));
  const std::string oldest[] = {counts_from, counts_from, floods_from, drops_from};
  static_assert(std::size(kRules) == std::size(oldest));

  std::vector<size_t> due;
  Status read = db.Read([&](SQLite::Database& c) {
    for (size_t i = 0; i < std::size(kRules); ++i) {
      storage::Query q(c, kRules[i].any);
      q->bind(1, oldest[i]);
      if (q->executeStep()) due.push_back(i);
    }
    return Status{};
  });
  if (!read) return read.error();
  if (due.empty()) return 0LL;
  long long pruned = 0;
  Status st = db.Write([&](SQLite::Database& tx) {
    for (size_t i : due) {
      storage::Query q(tx, kRules[i].prune);
      q->bind(1, oldest[i]);
      pruned += q->exec();
    }
    return Status{};
  });
  if (!st) return st.error();
  return pruned;
}

}  // namespace mark::registry
