// The registry's state outside its database: never back in time, never start
// over.
//
// A database file can go back in time without anyone meaning it to: an older
// backup copied into place, a write-ahead log lost after a crash, a file cut to
// zero bytes, or a missing one that SQLite would quietly create anew (the next
// grant would be J0001 again, signed with the same key, and both J0001
// certificates would verify). The state folder remembers the registry's
// newest facts, so markd and every markctl command that commits refuse such a
// database instead of serving it or writing to it.
//
// Folder (--state DIR; by default "state" beside the database file, made 0700):
//   registry-state.json  {"format": "anshin-mark-registry-state", "version": 1,
//                         "registry_id": "reg_…", "issuer": URL or "",
//                         "highest_serial": N, "log": {"size": N, "root": base64},
//                         "updated_at": RFC 3339,
//                         "awaiting_database": true (only after `registry new`),
//                         "previous_registry_id": "reg_…" (only after `registry new`)}
//                        replaced atomically (common/atomic_file.h: temp file,
//                        fsync, rename, fsync of the folder).
//   lock                 flock()ed by whoever reads and replaces the record.
//
// The facts come from the database (DatabaseFacts): the registry id and
// issuer from registry_meta, the highest serial ever used (the marks and
// registry_meta 'serial_floor', which carries the serials of a registry
// before `registry new` or a lost stretch accepted by `state accept-rollback`,
// so numbers are never used twice), the newest signed checkpoint of the
// transparency log. StateKeeper keeps the record (Database's commit
// observer, storage/database.h): after each commit that changed a fact, the facts are
// captured under the write lock (once per group commit, in commit order) and
// recorded as soon as it is released (the next group's commit overlaps the
// record's fsyncs; records waiting together coalesce), before any member of
// the group returns. Only ever forward: a record whose log is longer than the
// database's stays as it is, one the database does not continue is an error.
// It is written after the commit, never before: a crash between the two
// leaves the database ahead of the record, which is in order.
//
// The registry id is made once (registry::NewId("reg_")). The key set names
// it too (crypto/key_store.h, written by markctl only); markd refuses a
// database or state of another registry.
//
// StateFolder is not thread-safe (its Lock keeps writers apart, also across
// processes); StateKeeper is.
#pragma once

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "storage/database.h"
#include "storage/registry_meta.h"
#include "tlog/transparency_log.h"

namespace mark::registry {

struct StateRecord {
  std::string registry_id;  // "" until a registry id is bound
  std::string issuer;       // "" when the database states none
  long long highest_serial = 0;
  tlog::LogHead log;
  bool awaiting_database = false;  // `registry new`: the next database starts here
  std::string previous_registry_id;
  std::string updated_at;
};

// "state" beside `db`.
std::filesystem::path DefaultStateDir(const std::filesystem::path& db);

class StateFolder {
 public:
  explicit StateFolder(std::filesystem::path dir) : dir_(std::move(dir)) {}
  const std::filesystem::path& dir() const { return dir_; }
  // nullopt when there is no record (or no folder); an Error when it cannot
  // be read or is not a record of ours.
  Result<std::optional<StateRecord>> Read() const;
  // Creates the folder (0700) if missing and replaces the record
  // atomically. Callers that may race hold a Lock.
  Status Write(const StateRecord& record) const;
  // An exclusive lock on the folder's lock file (made with the folder if
  // missing), held while the returned object lives.
  class Lock;
  Result<std::unique_ptr<Lock>> Acquire() const;

 private:
  std::filesystem::path dir_;
};

class StateFolder::Lock {
 public:
  explicit Lock(int fd) : fd_(fd) {}
  ~Lock();
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

 private:
  int fd_;
};

// The facts the record keeps, as the database states them.
struct DatabaseFacts {
  std::string registry_id;
  std::string issuer;
  long long highest_serial = 0;
  uint64_t log_entries = 0;  // entries stored, covered by a checkpoint or not
  tlog::LogHead checkpoint;  // the newest stored checkpoint (size 0 when none)
};
// Reads them in `db`. Tables a young or empty file lacks count as empty.
// Throws SQLite::Exception.
DatabaseFacts ReadDatabaseFacts(SQLite::Database& db);
// The highest mark serial ever used here: MAX(marks.serial) and
// registry_meta 'serial_floor'. The next allocated serial is one above it.
long long HighestSerial(SQLite::Database& db);
// The root of the stored checkpoint of exactly `size` entries (size 0: the
// empty root); nullopt when there is none.
std::optional<tlog::Hash> CheckpointRootAt(SQLite::Database& db, uint64_t size);

// What the checks compare: the paths (for messages) and the registry the
// key set signs for ("" when no keys are involved or they name none).
struct StatePaths {
  std::filesystem::path db;
  std::filesystem::path state_dir;
  std::string keys_registry_id;
};

// Before a database is opened for writing (markd, markctl): reads the
// record and refuses, with one line saying what was found and how to
// recover, a database that is missing or empty while the record has
// history, has fewer log entries than the record, holds a checkpoint of the
// record's size with another root, a lower highest serial, or another
// registry id (also against the keys). Reads only (the database read-only).
// A file SQLite cannot read is left to Database::Open and the integrity
// checks to report. Returns the record (nullopt: none yet).
Result<std::optional<StateRecord>> CheckBeforeOpen(const StatePaths& paths);

// How a database stands against a record: for `markctl check --state` and
// the checks above. `root_at_record_size`: the database's root at the
// record's log size when known (checkpoint row or hashed entries).
struct StateComparison {
  enum class Standing { kInStep, kAhead, kBehind, kDiverged, kOtherRegistry };
  Standing standing = Standing::kInStep;
  uint64_t behind_by = 0;  // log entries, kBehind (0: behind in serials only)
  uint64_t ahead_by = 0;   // log entries, kAhead
  std::string what;        // what differs, in words, when not in step or ahead
};
StateComparison CompareWithState(const StateRecord& record, const DatabaseFacts& facts,
                                 const std::optional<tlog::Hash>& root_at_record_size);

// Keeps the record in step with one database: Attach binds the database to
// its registry and installs Capture as the database's commit observer.
class StateKeeper {
 public:
  enum class NewId { kMint, kLeaveUnbound };
  // After Database::Open (and CheckBeforeOpen, whose record is `record`):
  // a database that names no registry yet is bound to the record's id, else
  // the keys', else (kMint: markd) a new one; a new database beside a record
  // awaiting it (`registry new`) takes its serial floor and an audit record
  // of the new registry; the record is written when missing or behind.
  // `actor` names the program in the audit trail ("markd", "markctl").
  static Result<std::shared_ptr<StateKeeper>> Attach(storage::Database& db, const StatePaths& paths,
                                                     std::optional<StateRecord> record, const Clock& clock,
                                                     NewId new_id, const std::string& actor);

  // The commit observer's capture (Database::SetCommitObserver): under the
  // database's write lock, reads the facts on `db` as just committed and,
  // when one changed since the last capture, returns the work that records
  // them (empty otherwise).
  std::function<Status()> Capture(SQLite::Database& db);

  const StateFolder& folder() const { return folder_; }

 private:
  StateKeeper(storage::Database& db, StateFolder folder, const Clock& clock)
      : db_(db), folder_(std::move(folder)), clock_(clock) {}
  // Replaces the record with `facts` (the capture numbered `seq`) under the
  // folder lock, only forward: a record whose log is longer stands, one the
  // database does not continue or of another registry is an Error. A
  // capture older than one already recorded does nothing.
  Status Record(uint64_t seq, const DatabaseFacts& facts);

  storage::Database& db_;
  StateFolder folder_;
  const Clock& clock_;
  // Capture's, under the database's write lock.
  std::optional<DatabaseFacts> captured_;
  uint64_t captured_seq_ = 0;
  // Record's, under mu_; failed_ tells Capture to capture again.
  std::mutex mu_;
  uint64_t recorded_seq_ = 0;
  std::atomic<bool> failed_{false};
};

}  // namespace mark::registry
