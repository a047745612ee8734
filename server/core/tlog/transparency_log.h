// TransparencyLog: the append-only log of every certificate issued and every
// status change, kept in the log_entries table. Appends happen
// inside the registry's write transaction, so an entry exists exactly when
// the change it records does; MerkleLog signs a checkpoint over them in that
// same transaction, so the newest checkpoint row always covers every entry.
#pragma once

#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/jst.h"
#include "common/result.h"
#include "storage/database.h"
#include "tlog/log_key.h"
#include "tlog/merkle.h"
#include "tlog/wire.h"

namespace mark::tlog {

// The bytes hashed as a Merkle leaf for an event (tlog::LeafInputForEvent:
// canonical JSON, keys sorted). Throws std::invalid_argument for an event
// that has no canonical form (a float, a non-UTF-8 string): inside a write
// transaction that rolls the change back.
std::string LeafInput(const nlohmann::json& event);

// Appends one entry in the caller's transaction; returns its index.
long long AppendLogEntry(SQLite::Database& tx, const nlohmann::json& event, Instant at);

class TransparencyLog {
 public:
  virtual ~TransparencyLog() = default;
  // Called before a write transaction opens; an Error refuses the write
  // (MerkleLog: waits until its start-up load is done).
  virtual Status Ready() { return Status{}; }
  // Called inside the write transaction after its entries were appended;
  // may write a signed checkpoint in the same transaction.
  virtual Status BeforeCommit(SQLite::Database& tx, Instant at) = 0;
  // Called after the transaction committed (true) or rolled back (false).
  virtual void AfterTransaction(bool committed) = 0;
};

// A tree head: its size and root (RFC 6962); size 0 has the empty root.
struct LogHead {
  uint64_t size = 0;
  tlog::Hash root = tlog::EmptyRoot();
  bool operator==(const LogHead&) const = default;
};

// The newest row of the checkpoints table.
struct StoredCheckpoint {
  uint64_t tree_size = 0;
  tlog::Hash root{};
  std::string note;
};
// Reads it in `db` (nullopt when the table is empty).
std::optional<StoredCheckpoint> LatestStoredCheckpoint(SQLite::Database& db);
// Whether `checkpoint`'s note is signed by `key` under the name its own text
// opens with (its origin, which may be an earlier public URL's) and states
// the row's size and root: ok, or an Error saying which. A note this key did
// not sign means the log key is another log's (a key folder from elsewhere).
Status CheckpointSignedBy(const StoredCheckpoint& checkpoint, const LogKey& key);
// Leaf inputs of entries [start, end) in index order.
std::vector<tlog::LogEntry> ReadLogEntries(SQLite::Database& db, uint64_t start, uint64_t end);
// The leaf hashes of entries [start, end), read and hashed one at a time
// (100,000 entries are 100 MB of leaf inputs). Throws on a gap.
std::vector<tlog::Hash> ReadLeafHashes(SQLite::Database& db, uint64_t start, uint64_t end);
// What MerkleLog::Load checks, reading only: every entry hashed, the newest
// stored checkpoint's root recomputed. An Error ("transparency log does not
// match its signed checkpoint ...") names the mismatch; SQLite errors throw.
Status VerifyStoredLog(SQLite::Database& db);

// The registry's log: a Merkle tree over log_entries held in memory, a
// checkpoint signed with the log key after every transaction that appended
// entries, and the proofs the public API serves. Readers only ever see the
// published tree: what a committed checkpoint covers. Thread-safe.
class MerkleLog final : public TransparencyLog {
 public:
  // Open, then Load: ready when it returns.
  static Result<std::unique_ptr<MerkleLog>> Open(storage::Database& db, LogKey key, std::string origin, Instant now);
  // Reads nothing yet, so a server can answer other requests at once while
  // Load runs (markd's start-up checks). Until Load has finished, writes
  // (Ready) and every log answer below wait for it. `origin`:
  // tlog::LogOriginForPublicUrl.
  static std::unique_ptr<MerkleLog> OpenDeferred(storage::Database& db, LogKey key, std::string origin);
  // Hashes every entry, insists they hash to the newest stored checkpoint
  // (an Error names a rewritten row: the server must stop) and, when given,
  // that they continue `must_extend` (the registry state's head,
  // registry/registry_state.h: an Error says the log is behind it or off its
  // history), and signs a checkpoint when entries exist that none covers
  // yet. Call once; its outcome is what Ready() and the answers report from
  // then on.
  Status Load(Instant now, const std::optional<LogHead>& must_extend = std::nullopt);
  // Instead of Load, when the start-up checks failed before it: whatever
  // waits for the log hears `why` (the server is stopping).
  void Abandon(const Error& why);

  Status Ready() override;
  Status BeforeCommit(SQLite::Database& tx, Instant at) override;
  void AfterTransaction(bool committed) override;

  const std::string& origin() const { return origin_; }
  std::string VerifierKey() const { return key_.VerifierKey(origin_); }
  // The published tree: its size and the signed note that states it.
  uint64_t Size() const;
  std::string CheckpointNote() const;
  // Proofs over the published tree; Invalid (field named as the API's
  // parameter) unless the sizes are within it.
  Result<std::vector<tlog::Hash>> InclusionProof(uint64_t index, uint64_t tree_size) const;
  Result<std::vector<tlog::Hash>> ConsistencyProof(uint64_t first, uint64_t second) const;
  // Entries [start, min(end, Size())).
  Result<std::vector<tlog::LogEntry>> Entries(uint64_t start, uint64_t end) const;

 private:
  MerkleLog(storage::Database& db, LogKey key, std::string origin)
      : db_(db), key_(std::move(key)), origin_(std::move(origin)) {}
  Result<std::string> Sign(uint64_t size, const tlog::Hash& root) const;
  // Blocks until Load finished; its outcome (held lock: `lock` on mu_).
  Status WaitLoaded(std::unique_lock<std::mutex>& lock) const;

  struct Pending {
    uint64_t size = 0;
    std::string note;
  };

  storage::Database& db_;
  LogKey key_;
  std::string origin_;
  mutable std::mutex mu_;
  mutable std::condition_variable loaded_cv_;
  bool loaded_ = false;
  Status load_status_;
  // All leaves appended so far, possibly including some of a transaction
  // still open or rolled back (BeforeCommit rebuilds it from the database
  // when it no longer matches the newest committed checkpoint).
  tlog::MerkleTree tree_;
  uint64_t published_size_ = 0;
  std::string published_note_;
  std::map<std::thread::id, Pending> pending_;  // by the thread in Mutate
};

}  // namespace mark::tlog
