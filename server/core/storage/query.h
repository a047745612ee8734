// Query: a prepared statement kept by its connection for the next call.
// Preparing was a quarter of a mark lookup's cost (7 statements, about 25 us
// of SQLite's parser each time) and much of a grant's. Database's own
// connections each carry a StatementCache; inside Database::Read and Write
// the connection in use is known to this thread, and a Query on it takes the
// cached statement (prepared on first use, by SQL text). On any other
// connection (a plain SQLite::Database in markctl or a test), or when the
// same SQL is already in use on this connection (a nested call), it prepares
// a statement of its own. Either way it is reset, bindings cleared, when the
// Query goes out of scope. Use it like SQLite::Statement, through -> or *.
// Not thread-safe: a connection is used by one thread at a time.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <string>
#include <unordered_map>

namespace mark::storage {

class StatementCache {
 public:
  StatementCache() = default;
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

 private:
  friend class Query;
  struct Entry {
    std::unique_ptr<SQLite::Statement> statement;
    bool in_use = false;
  };
  // SQL texts come from the code, so this stays small; past the bound
  // statements are simply not kept.
  static constexpr size_t kMaxStatements = 128;
  std::unordered_map<std::string, Entry> entries_;
};

// While alive, tells Queries on this thread that `db` is the connection in
// use and `cache` its statements (Database::Read and Write make one).
class ActiveConnection {
 public:
  ActiveConnection(SQLite::Database& db, StatementCache& cache);
  ~ActiveConnection();
  ActiveConnection(const ActiveConnection&) = delete;
  ActiveConnection& operator=(const ActiveConnection&) = delete;

 private:
  const void* previous_handle_;
  StatementCache* previous_cache_;
};

class Query {
 public:
  // Throws SQLite::Exception when `sql` does not prepare, as Statement does.
  Query(SQLite::Database& db, const char* sql);
  Query(SQLite::Database& db, const std::string& sql) : Query(db, sql.c_str()) {}
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  SQLite::Statement* operator->() { return statement_; }
  SQLite::Statement& operator*() { return *statement_; }

 private:
  SQLite::Statement* statement_ = nullptr;
  std::unique_ptr<SQLite::Statement> own_;  // when not cached
  bool* in_use_ = nullptr;                  // the cache entry's flag, when cached
};

}  // namespace mark::storage
