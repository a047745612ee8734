#include "storage/query.h"

namespace mark::storage {

namespace {

// The connection Database has handed to this thread, and its statements.
thread_local const void* t_handle = nullptr;
thread_local StatementCache* t_cache = nullptr;

}  // namespace

ActiveConnection::ActiveConnection(SQLite::Database& db, StatementCache& cache)
    : previous_handle_(t_handle), previous_cache_(t_cache) {
  t_handle = db.getHandle();
  t_cache = &cache;
}

ActiveConnection::~ActiveConnection() {
  t_handle = previous_handle_;
  t_cache = previous_cache_;
}

Query::Query(SQLite::Database& db, const char* sql) {
  if (t_cache != nullptr && t_handle == db.getHandle()) {
    auto& entries = t_cache->entries_;
    auto it = entries.find(sql);
    if (it == entries.end() && entries.size() < StatementCache::kMaxStatements)
      it = entries.emplace(sql, StatementCache::Entry{std::make_unique<SQLite::Statement>(db, sql), false}).first;
    if (it != entries.end() && !it->second.in_use) {
      it->second.in_use = true;
      in_use_ = &it->second.in_use;
      statement_ = it->second.statement.get();
      return;
    }
  }
  own_ = std::make_unique<SQLite::Statement>(db, sql);
  statement_ = own_.get();
}

Query::~Query() {
  if (in_use_ == nullptr) return;
  // Ready for the next caller: no open read cursor, no old bindings.
  (void)statement_->tryReset();
  try {
    statement_->clearBindings();
  } catch (const std::exception&) {
    // Only fails on a misuse SQLite reports at the next bind anyway.
  }
  *in_use_ = false;
}

}  // namespace mark::storage
