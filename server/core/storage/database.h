// Database: the registry's SQLite file. One writer connection (writes are
// serialised, which also makes mark-number allocation race-free) and a pool
// of read-only connections (WAL lets readers run beside the writer).
// Every write runs in its own savepoint of a BEGIN IMMEDIATE transaction and
// is kept only if its callback succeeds, so a crash or an error never leaves
// half a change. Writes arriving together share one commit (group commit):
// each caller returns only after the commit that holds its change.
// synchronous=FULL: an acknowledged change survives power loss.
//
// A commit that fails (its fsync, a full disk) may still have reached the
// file: SQLite has written the transaction's frames to the write-ahead log
// and only its sync failed, so the running process treats the transaction as
// rolled back while a crash now would recover it. Such a write answers
// ErrorCode::kOutcomeUnknown, never "nothing changed", and the database puts
// the file in step with what this process sees before any other write runs:
// a TRUNCATE checkpoint (every frame the process knows of goes into the main
// file, then the log is cut to zero bytes and fsynced), so the failed
// transaction's frames are gone and recovery finds exactly what the process
// serves. Until that succeeds (readers keeping the log busy, the disk still
// failing) every write is refused with kUnavailable and changes nothing; a
// crash meanwhile recovers the transaction or not, and a retry with the same
// idempotency key (registry/registry.h) answers it either way, since the idempotency
// record commits with the change.
// Thread-safe.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "storage/query.h"

namespace mark::storage {

class Database {
 public:
  enum class Mode { kReadWrite, kReadOnly };
  // Opens (creating if kReadWrite and missing) and migrates the schema. A
  // file that is not a database, or whose header or schema is damaged,
  // fails here; damage deeper in the file is QuickCheck's to find.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, Mode mode = Mode::kReadWrite);
  ~Database();

  // Runs `fn` in a write transaction. SQLite exceptions thrown inside become
  // Errors (constraint → kConflict, full/read-only/I/O → kUnavailable); a
  // failed commit is kOutcomeUnknown (see above).
  Status Write(const std::function<Status(SQLite::Database&)>& fn);
  // Group commit for bulk loads (markctl bench-seed, imports): every Write()
  // that `fn` makes on this thread joins one transaction, each as its own
  // SAVEPOINT, so a failing write still rolls back alone. One
  // commit and one fsync cover them all; nothing is durable, and no other
  // writer runs, until WriteBatch returns ok. A failing `fn` rolls back all.
  Status WriteBatch(const std::function<Status()>& fn);
  // Changes whenever the registry may have changed: after every commit made
  // through this object, and (checked at most every 200 ms, so a public
  // cache notices within that) after commits by other processes on the same
  // file, such as markctl. Caches of public answers key on it.
  uint64_t Generation() const;
  // Runs `fn` on a read-only connection (its own snapshot per call). At
  // most kMaxReaders connections are open (each holds a page cache and a
  // parsed schema); more concurrent reads wait for one, except a read
  // started inside another on the same thread, which never waits.
  static constexpr size_t kMaxReaders = 16;
  Status Read(const std::function<Status(SQLite::Database&)>& fn) const;

  const std::string& path() const { return path_; }
  int schema_version() const { return schema_version_; }

  // SQLite's full integrity check; an Error says what is wrong.
  Status IntegrityCheck() const;
  // PRAGMA quick_check (every page and record, not index contents): what
  // markd runs after start-up, while it already serves (it reads the whole
  // file: ~1 s for 100,000 marks). An Error names the file.
  Status QuickCheck() const;

  // Whether the schema is exactly what the migrations make for this
  // schema_version() (SchemaDifferences below): an Error names the file and
  // the first differences (a dropped index, an altered trigger).
  Status SchemaCheck() const;

  // Online, consistent copy (SQLite backup API) to `out`, then fsync.
  Status Backup(const std::string& out) const;

  // What a commit is followed by: the registry state (registry/registry_state.h).
  // `capture` runs after every successful commit (once per group commit,
  // once per WriteBatch) under the write lock, with the writer connection
  // outside any transaction, so it sees the commits in their order; it
  // returns the work that records what it saw (empty: nothing to record).
  // That work runs after the write lock is released, so the next group's
  // transaction and commit overlap its fsyncs; works waiting together
  // coalesce (the newest covers the older ones). Every member of a group
  // whose capture returned work returns only once a work covering its group
  // has run: a caller never hears of a commit the record does not know of.
  // The commit stands whatever the work returns; an Error refuses every
  // later write (kUnavailable, with its message) until a capture and its
  // work, made again before the next write, succeed. Set once, before
  // writes start; the work must be thread-safe.
  using CommitObserver = std::function<std::function<Status()>(SQLite::Database&)>;
  void SetCommitObserver(CommitObserver observer);

 private:
  Database() = default;
  // A pooled read connection with the statements it keeps (query.h);
  // `statements` goes first, before its connection closes.
  struct Reader {
    std::unique_ptr<SQLite::Database> db;
    std::unique_ptr<StatementCache> statements = std::make_unique<StatementCache>();
  };
  Reader AcquireReader() const;
  void ReleaseReader(Reader reader) const;
  // The first line `pragma` (integrity_check or quick_check) reports on a
  // reader: "ok" when sound, else what is wrong (or why it could not run).
  std::string CheckResult(const char* pragma) const;
  // A connection that failed to open or broke: one fewer is open.
  void DropReader() const;

  std::string path_;
  Mode mode_ = Mode::kReadWrite;
  int schema_version_ = 0;
  std::unique_ptr<SQLite::Database> writer_;
  // The writer's kept statements; declared after writer_, so destroyed first.
  std::unique_ptr<StatementCache> writer_statements_ = std::make_unique<StatementCache>();
  // Commits the open group transaction (write_mu_ held) and tells its
  // waiting members the outcome.
  Status CommitGroupLocked() const;
  // After COMMIT threw (write_mu_ held): the transaction is rolled back in
  // this process, the file put in step (ResyncLocked); the members' error.
  Error CommitFailedLocked(const std::exception& e) const;
  // The TRUNCATE checkpoint described in the header (write_mu_ held).
  Status ResyncLocked() const;
  // Runs the observer's capture for `group` (write_mu_ held) and keeps its
  // work as the pending record.
  void CaptureLocked(uint64_t group) const;
  // Returns once a record covering `group` has run (write_mu_ not held):
  // runs the pending one itself, or waits for the thread that does.
  void SettleRecords(uint64_t group) const;
  // Before a new transaction opens (write_mu_ held): a pending resync or a
  // failed record is retried; an Error refuses the write.
  Status ReadyToWriteLocked() const;

  mutable std::mutex write_mu_;
  // Group commit (Write): the open transaction, its members, and the
  // outcome each waiting member reads (group → (waiters, status)).
  // Mutable: Backup() (const) commits an open group before copying.
  mutable std::condition_variable group_cv_;
  mutable std::atomic<int> waiting_{0};
  mutable bool group_open_ = false;
  mutable uint64_t group_ = 0;
  mutable uint64_t committed_group_ = 0;
  mutable int group_members_ = 0;
  mutable std::map<uint64_t, std::pair<int, Status>> group_results_;
  mutable bool needs_resync_ = false;  // a commit failed; see the header
  CommitObserver observer_;
  mutable uint64_t last_captured_group_ = 0;  // write_mu_
  // The records (SettleRecords), under record_mu_: the newest work not yet
  // run and the group it covers, the newest group a run work covered,
  // whether one runs now, and the last one's failure.
  mutable std::mutex record_mu_;
  mutable std::condition_variable record_cv_;
  mutable std::function<Status()> pending_record_;
  mutable uint64_t pending_group_ = 0;
  mutable uint64_t settled_group_ = 0;
  mutable bool recording_ = false;
  mutable std::optional<Error> record_error_;
  std::atomic<std::thread::id> batch_owner_{};  // the thread inside WriteBatch
  mutable std::atomic<uint64_t> generation_{1};
  mutable std::atomic<int64_t> next_external_check_ns_{0};
  mutable std::atomic<int64_t> data_version_{-1};
  mutable std::mutex pool_mu_;
  mutable std::condition_variable reader_freed_;
  mutable std::vector<Reader> readers_;  // idle
  mutable size_t open_readers_ = 0;      // idle and in use
};

// Maps an exception from SQLiteCpp to an Error (used by Database; public for
// code that reaches SQLite another way).
Error ErrorFromSqlite(const std::exception& e);

// Applies numbered migrations up to the newest; returns the version reached.
Result<int> Migrate(SQLite::Database& db);

// How `db`'s schema (the tables, indexes, triggers and views in
// sqlite_master, by name, type, table and SQL text) differs from what
// migrations 1..version make on an empty database: one phrase per
// difference ("index marks_serial is missing", "trigger audit_no_update
// differs", "table scratch is not ours"); empty when it is the same. Throws
// SQLite::Exception when sqlite_master cannot be read.
std::vector<std::string> SchemaDifferences(SQLite::Database& db, int version);

}  // namespace mark::storage
