#include "registry/transparency_log.h"

#include <SQLiteCpp/Statement.h>

namespace mark::registry {

std::string LeafInput(const nlohmann::json& event) { return event.dump(); }

long long AppendLogEntry(SQLite::Database& tx, const nlohmann::json& event, Instant at) {
  SQLite::Statement next(tx, "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries");
  next.executeStep();
  long long idx = next.getColumn(0).getInt64();
  std::string leaf = LeafInput(event);
  SQLite::Statement ins(tx, "INSERT INTO log_entries (idx, leaf_input, created_at) VALUES (?, ?, ?)");
  ins.bind(1, static_cast<int64_t>(idx));
  ins.bind(2, leaf.data(), static_cast<int>(leaf.size()));
  ins.bind(3, FormatInstant(at));
  ins.exec();
  return idx;
}

}  // namespace mark::registry
