#include "storage/database.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace mark::storage {

namespace {

constexpr int kBusyTimeoutMs = 5000;

void Configure(SQLite::Database& db, bool writer) {
  db.setBusyTimeout(kBusyTimeoutMs);
  db.exec("PRAGMA foreign_keys = ON");
  if (writer) {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
  } else {
    // One reader per busy connection thread: SQLite's default 2 MB page
    // cache each would dominate RSS (tests/bench/run); the kernel's page
    // cache holds the file anyway, and hot answers come from PublicCache.
    db.exec("PRAGMA cache_size = -256");
  }
}

}  // namespace

Error ErrorFromSqlite(const std::exception& e) {
  if (auto* se = dynamic_cast<const SQLite::Exception*>(&e)) {
    switch (se->getErrorCode()) {
      case SQLITE_CONSTRAINT: return Error::Make(ErrorCode::kConflict, se->what());
      case SQLITE_FULL:
      case SQLITE_READONLY:
      case SQLITE_IOERR:
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
      case SQLITE_CANTOPEN: return Error::Make(ErrorCode::kUnavailable, se->what());
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB: return Error::Make(ErrorCode::kInternal, std::string("database is corrupt: ") + se->what());
      default: break;
    }
  }
  return Error::Make(ErrorCode::kInternal, e.what());
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, Mode mode) {
  std::unique_ptr<Database> db(new Database());
  db->path_ = path;
  db->mode_ = mode;
  try {
    if (mode == Mode::kReadOnly) {
      if (!std::filesystem::exists(path)) return Error::Make(ErrorCode::kNotFound, "no database at " + path);
      db->writer_ = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY);
      Configure(*db->writer_, false);
      SQLite::Statement q(*db->writer_, "PRAGMA user_version");
      q.executeStep();
      db->schema_version_ = q.getColumn(0).getInt();
    } else {
      db->writer_ = std::make_unique<SQLite::Database>(
          path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
      Configure(*db->writer_, true);
      auto version = Migrate(*db->writer_);
      if (!version) return std::move(version).error();
      db->schema_version_ = *version;
    }
  } catch (const std::exception& e) {
    Error err = ErrorFromSqlite(e);
    err.message = "cannot open database " + path + ": " + err.message;
    return err;
  }
  return db;
}

Database::~Database() = default;

namespace {

// Runs `fn` in a savepoint of the open transaction: a failure (an Error or
// an exception) undoes exactly its own changes.
Status RunInSavepoint(SQLite::Database& db, const std::function<Status(SQLite::Database&)>& fn) {
  try {
    db.exec("SAVEPOINT one_write");
    Status st;
    try {
      st = fn(db);
    } catch (const std::exception&) {
      db.exec("ROLLBACK TO one_write");
      db.exec("RELEASE one_write");
      throw;
    }
    if (!st) db.exec("ROLLBACK TO one_write");
    db.exec("RELEASE one_write");
    return st;
  } catch (const std::exception& e) {
    return ErrorFromSqlite(e);
  }
}

// At most this many writes share one commit, so none waits long for it.
constexpr int kMaxGroupMembers = 64;

}  // namespace

Status Database::CommitGroupLocked() const {
  Status st;
  if (sqlite3_get_autocommit(writer_->getHandle()) != 0) {
    // An error such as SQLITE_FULL inside a member rolled the whole
    // transaction back: nothing of the group was stored.
    st = Error::Make(ErrorCode::kUnavailable, "the write transaction on " + path_ + " was rolled back by an error");
  } else {
    try {
      writer_->exec("COMMIT");
      generation_.fetch_add(1);
    } catch (const std::exception& e) {
      st = CommitFailedLocked(e);
    }
  }
  if (st) CaptureLocked(group_);
  group_open_ = false;
  auto it = group_results_.find(group_);
  if (it != group_results_.end()) {
    it->second.second = st;
    if (it->second.first == 0) group_results_.erase(it);
  }
  committed_group_ = group_;
  group_cv_.notify_all();
  return st;
}

Error Database::CommitFailedLocked(const std::exception& e) const {
  Error err = ErrorFromSqlite(e);
  try {
    writer_->exec("ROLLBACK");
  } catch (const std::exception&) {
    // SQLite already rolled the transaction back when COMMIT failed.
  }
  needs_resync_ = true;
  (void)ResyncLocked();  // if it fails, the next write tries again first
  return Error::Make(ErrorCode::kOutcomeUnknown, "commit failed, outcome unknown: " + err.message);
}

Status Database::ResyncLocked() const {
  try {
    // Every frame this process knows of goes into the main file; the log is
    // then cut to zero bytes, taking the failed transaction's frames with it.
    SQLite::Statement q(*writer_, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (q.executeStep() && q.getColumn(0).getInt() != 0)
      return Error::Make(ErrorCode::kUnavailable, "readers kept the write-ahead log of " + path_ + " busy");
  } catch (const std::exception& e) {
    return ErrorFromSqlite(e);
  }
  // The cut must survive power loss too, or the frames could come back.
  const std::string wal = path_ + "-wal";
  int fd = ::open(wal.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return Error::Make(ErrorCode::kUnavailable, "cannot fsync " + wal);
  }
  needs_resync_ = false;
  generation_.fetch_add(1);
  return {};
}

void Database::CaptureLocked(uint64_t group) const {
  if (!observer_) return;
  std::function<Status()> work;
  try {
    ActiveConnection active(*writer_, *writer_statements_);
    work = observer_(*writer_);
  } catch (const std::exception& e) {
    std::lock_guard rl(record_mu_);
    record_error_ = ErrorFromSqlite(e);
    return;
  }
  if (!work) return;
  last_captured_group_ = group;
  std::lock_guard rl(record_mu_);
  pending_record_ = std::move(work);  // the newest covers the older
  pending_group_ = group;
}

void Database::SettleRecords(uint64_t group) const {
  std::unique_lock rl(record_mu_);
  while (settled_group_ < group) {
    if (recording_) {
      record_cv_.wait(rl);
      continue;
    }
    if (!pending_record_) break;  // cannot happen: a captured group leaves work until covered
    std::function<Status()> work = std::move(pending_record_);
    pending_record_ = nullptr;
    const uint64_t covers = pending_group_;
    recording_ = true;
    rl.unlock();
    Status st;
    try {
      st = work();
    } catch (const std::exception& e) {
      st = ErrorFromSqlite(e);
    }
    rl.lock();
    recording_ = false;
    settled_group_ = std::max(settled_group_, covers);
    if (st)
      record_error_.reset();
    else
      record_error_ = st.error();
    record_cv_.notify_all();
  }
}

Status Database::ReadyToWriteLocked() const {
  if (needs_resync_) {
    if (Status st = ResyncLocked(); !st)
      return Error::Make(
          ErrorCode::kUnavailable,
          "a commit to " + path_ + " failed and the file is not yet in step again: " + st.error().message);
  }
  bool failed;
  {
    std::lock_guard rl(record_mu_);
    failed = record_error_.has_value();
  }
  if (failed && observer_) {
    // Record the facts as they are now, before anything more is written.
    Status st;
    try {
      std::function<Status()> work;
      {
        ActiveConnection active(*writer_, *writer_statements_);
        work = observer_(*writer_);
      }
      if (work) st = work();
    } catch (const std::exception& e) {
      st = ErrorFromSqlite(e);
    }
    std::lock_guard rl(record_mu_);
    if (!st) {
      record_error_ = st.error();
      return Error::Make(ErrorCode::kUnavailable, st.error().message);
    }
    record_error_.reset();
  }
  return {};
}

void Database::SetCommitObserver(CommitObserver observer) {
  std::lock_guard lock(write_mu_);
  observer_ = std::move(observer);
}

Status Database::Write(const std::function<Status(SQLite::Database&)>& fn) {
  if (mode_ == Mode::kReadOnly) return Error::Make(ErrorCode::kUnavailable, "database opened read-only");
  if (batch_owner_.load() == std::this_thread::get_id()) {
    // Inside WriteBatch (which holds write_mu_): a savepoint, not a commit.
    ActiveConnection active(*writer_, *writer_statements_);
    return RunInSavepoint(*writer_, fn);
  }
  // Group commit: a write that arrives while another holds the connection
  // joins that transaction in its own savepoint; the member that finds
  // nobody queued behind it commits for all. Every member returns only once
  // the commit (one fsync for the group) is durable, or fails with it.
  waiting_.fetch_add(1);
  std::unique_lock lock(write_mu_);
  waiting_.fetch_sub(1);
  // An error such as SQLITE_FULL can roll the whole transaction back: its
  // members must hear that, and nothing may run outside a transaction.
  if (group_open_ && sqlite3_get_autocommit(writer_->getHandle()) != 0) (void)CommitGroupLocked();
  if (!group_open_) {
    if (Status ready = ReadyToWriteLocked(); !ready) return ready;
    try {
      writer_->exec("BEGIN IMMEDIATE");
    } catch (const std::exception& e) {
      return ErrorFromSqlite(e);
    }
    group_open_ = true;
    ++group_;
    group_members_ = 0;
  }
  const uint64_t my_group = group_;
  Status own;
  {
    ActiveConnection active(*writer_, *writer_statements_);
    own = RunInSavepoint(*writer_, fn);
  }
  ++group_members_;
  const bool rolled_back = sqlite3_get_autocommit(writer_->getHandle()) != 0;
  if (!rolled_back && waiting_.load() > 0 && group_members_ < kMaxGroupMembers) {
    // The writer queued behind joins this transaction and commits it (or
    // hands it on); wait for that commit.
    auto& slot = group_results_[my_group];
    ++slot.first;
    group_cv_.wait(lock, [&] { return committed_group_ >= my_group; });
    auto it = group_results_.find(my_group);
    Status commit = it->second.second;
    if (--it->second.first == 0) group_results_.erase(it);
    const bool settle = commit.has_value() && last_captured_group_ >= my_group;
    lock.unlock();
    if (settle) SettleRecords(my_group);
    if (!own) return own;
    return commit;
  }
  Status commit = CommitGroupLocked();
  const bool settle = commit.has_value() && last_captured_group_ >= my_group;
  lock.unlock();
  if (settle) SettleRecords(my_group);
  if (!own) return own;
  return commit;
}

Status Database::WriteBatch(const std::function<Status()>& fn) {
  if (mode_ == Mode::kReadOnly) return Error::Make(ErrorCode::kUnavailable, "database opened read-only");
  waiting_.fetch_add(1);
  std::unique_lock lock(write_mu_);
  waiting_.fetch_sub(1);
  if (group_open_) (void)CommitGroupLocked();  // its members hear the outcome
  if (Status ready = ReadyToWriteLocked(); !ready) return ready;
  struct Owner {  // clears the owner however the batch ends
    std::atomic<std::thread::id>& owner;
    ~Owner() { owner.store(std::thread::id{}); }
  };
  try {
    SQLite::Transaction tx(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
    Status st;
    {
      batch_owner_.store(std::this_thread::get_id());
      Owner owner{batch_owner_};
      ActiveConnection active(*writer_, *writer_statements_);
      st = fn();
    }
    if (!st) return st;  // the Transaction destructor rolls back
    try {
      tx.commit();
    } catch (const std::exception& e) {
      return CommitFailedLocked(e);
    }
    generation_.fetch_add(1);
    // Its own group number, so its record is settled like a group's.
    const uint64_t batch_group = ++group_;
    committed_group_ = batch_group;
    CaptureLocked(batch_group);
    if (last_captured_group_ >= batch_group) SettleRecords(batch_group);
    return {};
  } catch (const std::exception& e) {
    return ErrorFromSqlite(e);
  }
}

uint64_t Database::Generation() const {
  // A steady clock only paces the check; it is not registry time.
  const int64_t now_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  int64_t due = next_external_check_ns_.load();
  if (now_ns >= due && next_external_check_ns_.compare_exchange_strong(due, now_ns + 200'000'000)) {
    // PRAGMA data_version changes when another connection (another
    // process) committed to the file.
    try {
      std::unique_lock lock(write_mu_, std::try_to_lock);
      if (lock.owns_lock()) {
        SQLite::Statement q(*writer_, "PRAGMA data_version");
        if (q.executeStep()) {
          int64_t v = q.getColumn(0).getInt64();
          int64_t before = data_version_.exchange(v);
          if (before != -1 && before != v) generation_.fetch_add(1);
        }
      } else {
        next_external_check_ns_.store(0);  // a writer is busy: look again next time
      }
    } catch (const std::exception&) {
      generation_.fetch_add(1);  // cannot tell: assume it changed
    }
  }
  return generation_.load();
}

namespace {
// Readers this thread holds now (a read inside a read must not wait for a
// connection, or a full pool of such reads would wait for each other).
thread_local int t_readers_held = 0;
}  // namespace

Database::Reader Database::AcquireReader() const {
  {
    std::unique_lock lock(pool_mu_);
    if (t_readers_held == 0) reader_freed_.wait(lock, [&] { return !readers_.empty() || open_readers_ < kMaxReaders; });
    if (!readers_.empty()) {
      Reader reader = std::move(readers_.back());
      readers_.pop_back();
      ++t_readers_held;
      return reader;
    }
    ++open_readers_;
  }
  Reader reader;
  try {
    reader.db = std::make_unique<SQLite::Database>(path_, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
    Configure(*reader.db, false);
  } catch (...) {
    DropReader();
    throw;
  }
  ++t_readers_held;
  return reader;
}

void Database::ReleaseReader(Reader reader) const {
  --t_readers_held;
  {
    std::lock_guard lock(pool_mu_);
    // A connection opened beyond the limit (for a read inside a read) is
    // closed, not kept: kept, it would let that many more reads run at once.
    if (open_readers_ <= kMaxReaders)
      readers_.push_back(std::move(reader));
    else
      --open_readers_;
  }
  reader_freed_.notify_one();
  // A `reader` not kept closes here, outside the lock: its statements, then
  // its connection.
}

void Database::DropReader() const {
  {
    std::lock_guard lock(pool_mu_);
    --open_readers_;
  }
  reader_freed_.notify_one();
}

Status Database::Read(const std::function<Status(SQLite::Database&)>& fn) const {
  if (mode_ == Mode::kReadOnly) {  // one connection, shared under the lock
    std::lock_guard lock(write_mu_);
    try {
      ActiveConnection active(*writer_, *writer_statements_);
      return fn(*writer_);
    } catch (const std::exception& e) {
      return ErrorFromSqlite(e);
    }
  }
  Reader reader;
  try {
    reader = AcquireReader();
    // A read transaction gives the callback one consistent snapshot.
    reader.db->exec("BEGIN");
    Status st;
    {
      ActiveConnection active(*reader.db, *reader.statements);
      st = fn(*reader.db);
    }
    reader.db->exec("COMMIT");
    ReleaseReader(std::move(reader));
    return st;
  } catch (const std::exception& e) {
    if (reader.db) {
      bool usable = true;
      try {
        reader.db->exec("ROLLBACK");
      } catch (const std::exception&) {
        usable = false;
      }
      if (usable) {
        ReleaseReader(std::move(reader));
      } else {
        --t_readers_held;
        reader.statements.reset();  // before the connection they belong to
        reader.db.reset();
        DropReader();
      }
    }
    return ErrorFromSqlite(e);
  }
}

std::string Database::CheckResult(const char* pragma) const {
  std::string first;
  Status st = Read([&](SQLite::Database& db) -> Status {
    SQLite::Statement q(db, pragma);
    if (q.executeStep()) first = q.getColumn(0).getString();
    return Status{};
  });
  if (!st) return st.error().message;
  return first;
}

Status Database::IntegrityCheck() const {
  const std::string first = CheckResult("PRAGMA integrity_check");
  if (first != "ok") return Error::Make(ErrorCode::kInternal, "integrity check failed: " + first);
  return Status{};
}

Status Database::QuickCheck() const {
  if (CheckResult("PRAGMA quick_check") != "ok")
    return Error::Make(ErrorCode::kInternal, "database failed its integrity check: " + path_);
  return Status{};
}

Status Database::SchemaCheck() const {
  std::vector<std::string> differences;
  Status st = Read([&](SQLite::Database& db) -> Status {
    differences = SchemaDifferences(db, schema_version_);
    return Status{};
  });
  if (!st) return st;
  if (differences.empty()) return {};
  std::string what;
  const size_t shown = std::min<size_t>(differences.size(), 3);
  for (size_t i = 0; i < shown; ++i) what += (i ? ", " : "") + differences[i];
  if (differences.size() > shown) what += " and " + std::to_string(differences.size() - shown) + " more";
  return Error::Make(ErrorCode::kInternal, "the schema of " + path_ + " is not what schema " +
                                               std::to_string(schema_version_) + " makes (" + what +
                                               "); restore a backup");
}

Status Database::Backup(const std::string& out) const {
  try {
    std::filesystem::remove(out);
    SQLite::Database dest(out, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    {
      waiting_.fetch_add(1);
      std::unique_lock lock(write_mu_);  // no writer mid-transaction while we copy
      waiting_.fetch_sub(1);
      if (group_open_) (void)CommitGroupLocked();  // its members hear the outcome
      SQLite::Backup backup(dest, *writer_);
      backup.executeStep(-1);
    }
    dest.exec("PRAGMA journal_mode = DELETE");
  } catch (const std::exception& e) {
    Error err = ErrorFromSqlite(e);
    err.message = "backup to " + out + " failed: " + err.message;
    return err;
  }
  int fd = ::open(out.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  return {};
}

}  // namespace mark::storage
