#include "tlog/transparency_log.h"

#include <SQLiteCpp/Statement.h>

#include <limits>
#include <stdexcept>

#include "storage/query.h"
#include "tlog/checkpoint.h"
#include "tlog/leaf.h"
#include "tlog/note.h"

namespace mark::tlog {

namespace {

constexpr uint64_t kAll = std::numeric_limits<int64_t>::max();

Error Rewritten(uint64_t size, const std::string& what) {
  return Error::Make(ErrorCode::kInternal, "transparency log does not match its signed checkpoint of size " +
                                               std::to_string(size) + ": " + what);
}

void InsertCheckpoint(SQLite::Database& tx, uint64_t size, const tlog::Hash& root, const std::string& note,
                      Instant at) {
  storage::Query ins(tx, "INSERT INTO checkpoints (tree_size, root_hash, note, signed_at) VALUES (?, ?, ?, ?)");
  ins->bind(1, static_cast<int64_t>(size));
  const std::string_view bytes = tlog::HashBytes(root);
  ins->bind(2, bytes.data(), static_cast<int>(bytes.size()));
  ins->bind(3, note);
  ins->bind(4, FormatInstant(at));
  ins->exec();
}

}  // namespace

std::string LeafInput(const nlohmann::json& event) {
  auto leaf = tlog::LeafInputForEvent(event);
  if (!leaf) throw std::invalid_argument("log event has no canonical form: " + leaf.error().message);
  return std::move(*leaf);
}

long long AppendLogEntry(SQLite::Database& tx, const nlohmann::json& event, Instant at) {
  storage::Query next(tx, "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries");
  next->executeStep();
  long long idx = next->getColumn(0).getInt64();
  std::string leaf = LeafInput(event);
  storage::Query ins(tx, "INSERT INTO log_entries (idx, leaf_input, created_at) VALUES (?, ?, ?)");
  ins->bind(1, static_cast<int64_t>(idx));
  ins->bind(2, leaf.data(), static_cast<int>(leaf.size()));
  ins->bind(3, FormatInstant(at));
  ins->exec();
  return idx;
}

std::optional<StoredCheckpoint> LatestStoredCheckpoint(SQLite::Database& db) {
  storage::Query q(db, "SELECT tree_size, root_hash, note FROM checkpoints ORDER BY tree_size DESC LIMIT 1");
  if (!q->executeStep()) return std::nullopt;
  StoredCheckpoint cp;
  cp.tree_size = static_cast<uint64_t>(q->getColumn(0).getInt64());
  const SQLite::Column root = q->getColumn(1);
  auto hash = tlog::HashFromBytes(
      std::string_view(static_cast<const char*>(root.getBlob()), static_cast<size_t>(root.getBytes())));
  if (!hash) throw std::runtime_error("checkpoint of size " + std::to_string(cp.tree_size) + " has no 32-byte root");
  cp.root = *hash;
  cp.note = q->getColumn(2).getString();
  return cp;
}

Status CheckpointSignedBy(const StoredCheckpoint& checkpoint, const LogKey& key) {
  const std::string size = std::to_string(checkpoint.tree_size);
  const std::string_view origin = std::string_view(checkpoint.note).substr(0, checkpoint.note.find('\n'));
  if (!tlog::IsValidKeyName(origin))
    return Error::Make(ErrorCode::kInternal, "the signed checkpoint of size " + size + " is garbled");
  auto opened = tlog::OpenCheckpoint(checkpoint.note, key.VerifierKey(origin));
  if (!opened)
    return Error::Make(ErrorCode::kInternal,
                       "the signed checkpoint of size " + size + " is not signed by this log key");
  if (opened->size != checkpoint.tree_size || opened->root != checkpoint.root)
    return Error::Make(ErrorCode::kInternal,
                       "the signed checkpoint of size " + size + " states another tree head than its row");
  return {};
}

namespace {

// Calls fn(index, leaf_input) for entries [start, end) in index order; throws
// on a gap.
template <class Fn>
void ForEachLogEntry(SQLite::Database& db, uint64_t start, uint64_t end, Fn&& fn) {
  if (end <= start) return;
  storage::Query q(db, "SELECT idx, leaf_input FROM log_entries WHERE idx >= ? AND idx < ? ORDER BY idx");
  q->bind(1, static_cast<int64_t>(start));
  q->bind(2, static_cast<int64_t>(std::min<uint64_t>(end, kAll)));
  uint64_t expected = start;
  while (q->executeStep()) {
    const uint64_t idx = static_cast<uint64_t>(q->getColumn(0).getInt64());
    if (idx != expected) throw std::runtime_error("log_entries has a gap before index " + std::to_string(idx));
    ++expected;
    const SQLite::Column leaf = q->getColumn(1);
    fn(idx, std::string_view(static_cast<const char*>(leaf.getBlob()), static_cast<size_t>(leaf.getBytes())));
  }
}

}  // namespace

std::vector<tlog::LogEntry> ReadLogEntries(SQLite::Database& db, uint64_t start, uint64_t end) {
  std::vector<tlog::LogEntry> out;
  ForEachLogEntry(db, start, end, [&](uint64_t idx, std::string_view leaf) {
    out.push_back({idx, std::string(leaf)});
  });
  return out;
}

std::vector<tlog::Hash> ReadLeafHashes(SQLite::Database& db, uint64_t start, uint64_t end) {
  std::vector<tlog::Hash> out;
  ForEachLogEntry(db, start, end, [&](uint64_t, std::string_view leaf) { out.push_back(tlog::LeafHash(leaf)); });
  return out;
}

namespace {

// The tree over every stored entry, checked against the newest stored
// checkpoint.
Result<tlog::MerkleTree> VerifiedTree(SQLite::Database& db, std::optional<StoredCheckpoint>& latest) {
  tlog::MerkleTree tree(ReadLeafHashes(db, 0, kAll));
  const uint64_t size = tree.Size();
  latest = LatestStoredCheckpoint(db);
  if (latest) {
    if (latest->tree_size > size)
      return Rewritten(latest->tree_size, "only " + std::to_string(size) + " entries are stored");
    if (tree.RootAt(latest->tree_size).value() != latest->root)
      return Rewritten(latest->tree_size, "the stored entries hash to another root");
  }
  return tree;
}

}  // namespace

Status VerifyStoredLog(SQLite::Database& db) {
  std::optional<StoredCheckpoint> latest;
  auto tree = VerifiedTree(db, latest);
  if (!tree) return tree.error();
  return Status{};
}

Result<std::string> MerkleLog::Sign(uint64_t size, const tlog::Hash& root) const {
  return tlog::SignCheckpoint(tlog::Checkpoint{origin_, size, root, {}}, key_.seed());
}

Result<std::unique_ptr<MerkleLog>> MerkleLog::Open(storage::Database& db, LogKey key, std::string origin, Instant now) {
  auto log = OpenDeferred(db, std::move(key), std::move(origin));
  if (Status st = log->Load(now); !st) return st.error();
  return log;
}

std::unique_ptr<MerkleLog> MerkleLog::OpenDeferred(storage::Database& db, LogKey key, std::string origin) {
  return std::unique_ptr<MerkleLog>(new MerkleLog(db, std::move(key), std::move(origin)));
}

Status MerkleLog::Load(Instant now, const std::optional<LogHead>& must_extend) {
  tlog::MerkleTree tree;
  std::string note;
  Status st = db_.Read([&](SQLite::Database& db) -> Status {
    std::optional<StoredCheckpoint> latest;
    auto verified = VerifiedTree(db, latest);
    if (!verified) return verified.error();
    tree = std::move(*verified);
    const uint64_t size = tree.Size();
    if (must_extend) {
      if (size < must_extend->size)
        return Error::Make(ErrorCode::kInternal,
                           db_.path() + " is behind the registry state: its log has " + std::to_string(size) +
                               " entries, the state records " + std::to_string(must_extend->size) +
                               "; put the newest backup in place, or accept the loss: markctl state accept-rollback");
      if (tree.RootAt(must_extend->size).value() != must_extend->root)
        return Error::Make(ErrorCode::kInternal,
                           db_.path() + " does not continue the history the registry state records: its log of " +
                               std::to_string(must_extend->size) +
                               " entries has another root; put the newest backup in place, or accept it: markctl "
                               "state accept-rollback");
    }
    if (!latest || size > latest->tree_size) {
      auto signed_note = Sign(size, tree.Root());
      if (!signed_note) return signed_note.error();
      note = *signed_note;
    } else if (tlog::OpenCheckpoint(latest->note, VerifierKey())) {
      note = latest->note;
    } else {
      // A note this key never signed: the log key is another log's.
      if (Status own = CheckpointSignedBy(*latest, key_); !own) return own;
      // Signed by this key under another origin (a different --public-url):
      // the same tree head, re-signed for the name this server now answers to.
      auto signed_note = Sign(size, latest->root);
      if (!signed_note) return signed_note.error();
      note = *signed_note;
    }
    return Status{};
  });
  if (st && tree.Size() > 0) {
    // Entries no checkpoint covers yet (a crash after they were written,
    // or a bulk load): pin them. An empty log needs no row.
    const uint64_t size = tree.Size();
    const tlog::Hash root = tree.Root();
    st = db_.Write([&](SQLite::Database& tx) -> Status {
      auto latest = LatestStoredCheckpoint(tx);
      if (!latest || latest->tree_size < size) InsertCheckpoint(tx, size, root, note, now);
      return Status{};
    });
  }
  std::lock_guard lock(mu_);
  if (st) {
    tree_ = std::move(tree);
    published_size_ = tree_.Size();
    published_note_ = std::move(note);
  }
  load_status_ = st;
  loaded_ = true;
  loaded_cv_.notify_all();
  return st;
}

void MerkleLog::Abandon(const Error& why) {
  std::lock_guard lock(mu_);
  load_status_ = why;
  loaded_ = true;
  loaded_cv_.notify_all();
}

Status MerkleLog::WaitLoaded(std::unique_lock<std::mutex>& lock) const {
  loaded_cv_.wait(lock, [&] { return loaded_; });
  if (!load_status_) return Error::Make(ErrorCode::kUnavailable, "the transparency log failed its start-up check");
  return Status{};
}

Status MerkleLog::Ready() {
  std::unique_lock lock(mu_);
  return WaitLoaded(lock);
}

Status MerkleLog::BeforeCommit(SQLite::Database& tx, Instant at) {
  std::lock_guard lock(mu_);
  // Never waits here: Load itself needs the writer. Writers wait in Ready().
  if (!loaded_ || !load_status_) return Error::Make(ErrorCode::kUnavailable, "the transparency log is not loaded yet");
  // The newest committed checkpoint is the truth: every transaction that
  // appended entries committed one covering them.
  auto latest = LatestStoredCheckpoint(tx);
  const uint64_t committed = latest ? latest->tree_size : 0;
  const tlog::Hash committed_root = latest ? latest->root : tlog::EmptyRoot();
  const bool in_step = tree_.Size() == committed && tree_.RootAt(committed).value() == committed_root;
  if (in_step) {
    ForEachLogEntry(tx, committed, kAll, [&](uint64_t, std::string_view leaf) { tree_.AppendLeafInput(leaf); });
  } else {
    // The tree holds leaves of a transaction that rolled back: rebuild.
    tree_ = tlog::MerkleTree(ReadLeafHashes(tx, 0, kAll));
    if (tree_.Size() < committed || tree_.RootAt(committed).value() != committed_root)
      return Rewritten(committed, "the stored entries hash to another root");
  }
  if (tree_.Size() == committed) return Status{};
  const tlog::Hash root = tree_.Root();
  auto note = Sign(tree_.Size(), root);
  if (!note) return note.error();
  InsertCheckpoint(tx, tree_.Size(), root, *note, at);
  pending_[std::this_thread::get_id()] = Pending{tree_.Size(), std::move(*note)};
  return Status{};
}

void MerkleLog::AfterTransaction(bool committed) {
  std::lock_guard lock(mu_);
  auto it = pending_.find(std::this_thread::get_id());
  if (it == pending_.end()) return;
  // Notifications may arrive out of order (the write lock is released before
  // them); the published head only grows.
  if (committed && it->second.size > published_size_) {
    published_size_ = it->second.size;
    published_note_ = std::move(it->second.note);
  }
  pending_.erase(it);
}

uint64_t MerkleLog::Size() const {
  std::unique_lock lock(mu_);
  (void)WaitLoaded(lock);
  return published_size_;
}

std::string MerkleLog::CheckpointNote() const {
  std::unique_lock lock(mu_);
  (void)WaitLoaded(lock);
  return published_note_;
}

Result<std::vector<tlog::Hash>> MerkleLog::InclusionProof(uint64_t index, uint64_t tree_size) const {
  std::unique_lock lock(mu_);
  if (Status st = WaitLoaded(lock); !st) return st.error();
  if (tree_size > published_size_)
    return Error::Invalid("tree_size", "is larger than the log (" + std::to_string(published_size_) + ")");
  if (index >= tree_size) return Error::Invalid("index", "must be below tree_size");
  return tree_.InclusionProof(index, tree_size);
}

Result<std::vector<tlog::Hash>> MerkleLog::ConsistencyProof(uint64_t first, uint64_t second) const {
  std::unique_lock lock(mu_);
  if (Status st = WaitLoaded(lock); !st) return st.error();
  if (second > published_size_)
    return Error::Invalid("second", "is larger than the log (" + std::to_string(published_size_) + ")");
  if (first > second) return Error::Invalid("first", "must not exceed second");
  return tree_.ConsistencyProof(first, second);
}

Result<std::vector<tlog::LogEntry>> MerkleLog::Entries(uint64_t start, uint64_t end) const {
  const uint64_t size = Size();
  end = std::min(end, size);
  std::vector<tlog::LogEntry> out;
  if (start >= end) return out;
  Status st = db_.Read([&](SQLite::Database& db) -> Status {
    out = ReadLogEntries(db, start, end);
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace mark::tlog
