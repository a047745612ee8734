#include "registry/registry_state.h"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/base64.h"
#include "common/json_text.h"
#include "common/jst.h"
#include "common/atomic_file.h"
#include "storage/audit.h"
#include "registry/ids.h"
#include "storage/query.h"

namespace fs = std::filesystem;

namespace mark::registry {

namespace {

constexpr const char* kRecordName = "registry-state.json";
constexpr const char* kLockName = "lock";
constexpr const char* kFormat = "anshin-mark-registry-state";
constexpr size_t kMaxRecordBytes = 64 * 1024;

Status EnsureFolder(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return {};
  if (dir.has_parent_path() && !dir.parent_path().empty()) {
    fs::create_directories(dir.parent_path(), ec);
    if (ec)
      return Error::Make(ErrorCode::kUnavailable, "cannot create " + dir.parent_path().string() + ": " + ec.message());
  }
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return Error::Make(ErrorCode::kUnavailable,
                       "cannot create the state folder " + dir.string() + ": " + std::strerror(errno));
  return {};
}

bool HasTable(SQLite::Database& db, const char* name) {
  storage::Query q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  q->bind(1, name);
  return q->executeStep();
}

std::string Meta(SQLite::Database& db, const char* key) {
  storage::Query q(db, "SELECT value FROM registry_meta WHERE key = ?");
  q->bind(1, key);
  return q->executeStep() ? q->getColumn(0).getString() : std::string();
}

bool SameFacts(const DatabaseFacts& a, const DatabaseFacts& b) {
  return a.registry_id == b.registry_id && a.issuer == b.issuer && a.highest_serial == b.highest_serial &&
         a.log_entries == b.log_entries && a.checkpoint == b.checkpoint;
}

bool SameRecord(const StateRecord& a, const StateRecord& b) {
  return a.registry_id == b.registry_id && a.issuer == b.issuer && a.highest_serial == b.highest_serial &&
         a.log == b.log && a.awaiting_database == b.awaiting_database &&
         a.previous_registry_id == b.previous_registry_id;
}

// "registry reg_… with 12 log entries and serials up to 7", for messages.
std::string Describe(const StateRecord& r) {
  return (r.registry_id.empty() ? std::string("a registry") : "registry " + r.registry_id) + " with " +
         std::to_string(r.log.size) + " log entries and serials up to " + std::to_string(r.highest_serial);
}

bool HasHistory(const StateRecord& r) {
  return !r.awaiting_database && (!r.registry_id.empty() || r.log.size > 0 || r.highest_serial > 0);
}

Error Refusal(const std::string& message) { return Error::Make(ErrorCode::kConflict, message); }

}  // namespace

fs::path DefaultStateDir(const fs::path& db) {
  return db.has_parent_path() ? db.parent_path() / "state" : fs::path("state");
}

Result<std::optional<StateRecord>> StateFolder::Read() const {
  const fs::path path = dir_ / kRecordName;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (ec) return Error::Make(ErrorCode::kUnavailable, "cannot look into " + dir_.string() + ": " + ec.message());
    return std::optional<StateRecord>();
  }
  auto text = mark::ReadWholeFile(path, kMaxRecordBytes);
  if (!text) return text.error();
  auto garbled = [&](const std::string& why) {
    return Error::Make(ErrorCode::kInvalid, path.string() + " is not a registry state: " + why);
  };
  const nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return garbled("not a JSON object");
  if (doc.value("format", "") != kFormat) return garbled("\"format\" is not " + std::string(kFormat));
  if (!doc.contains("version") || !doc["version"].is_number_integer() || doc["version"].get<int>() != 1)
    return garbled("unknown \"version\"");
  StateRecord r;
  auto str = [&](const char* key, std::string& out) -> bool {
    auto it = doc.find(key);
    if (it == doc.end()) return true;
    if (!it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  if (!str("registry_id", r.registry_id) || !str("issuer", r.issuer) || !str("updated_at", r.updated_at) ||
      !str("previous_registry_id", r.previous_registry_id))
    return garbled("a text field is not text");
  auto serial = doc.find("highest_serial");
  if (serial == doc.end() || !serial->is_number_integer() || serial->get<long long>() < 0)
    return garbled("\"highest_serial\" is not a whole number");
  r.highest_serial = serial->get<long long>();
  auto log = doc.find("log");
  if (log == doc.end() || !log->is_object()) return garbled("\"log\" missing");
  auto size = log->find("size");
  auto root = log->find("root");
  if (size == log->end() || !size->is_number_unsigned()) return garbled("\"log.size\" is not a whole number");
  if (root == log->end() || !root->is_string()) return garbled("\"log.root\" missing");
  auto bytes = Base64Decode(root->get<std::string>());
  auto hash = bytes ? tlog::HashFromBytes(*bytes) : std::nullopt;
  if (!hash) return garbled("\"log.root\" is not a base64 SHA-256 hash");
  r.log = tlog::LogHead{size->get<uint64_t>(), *hash};
  if (auto awaiting = doc.find("awaiting_database"); awaiting != doc.end()) {
    if (!awaiting->is_boolean()) return garbled("\"awaiting_database\" is not true or false");
    r.awaiting_database = awaiting->get<bool>();
  }
  return std::optional<StateRecord>(std::move(r));
}

Status StateFolder::Write(const StateRecord& r) const {
  if (Status st = EnsureFolder(dir_); !st) return st;
  nlohmann::ordered_json doc = {{"format", kFormat},
                                {"version", 1},
                                {"registry_id", r.registry_id},
                                {"issuer", r.issuer},
                                {"highest_serial", r.highest_serial},
                                {"log", {{"size", r.log.size}, {"root", tlog::HashToBase64(r.log.root)}}},
                                {"updated_at", r.updated_at}};
  if (r.awaiting_database) doc["awaiting_database"] = true;
  if (!r.previous_registry_id.empty()) doc["previous_registry_id"] = r.previous_registry_id;
  return mark::WriteFileAtomic(dir_ / kRecordName, JsonTextIndented(doc) + "\n", 0600);
}

StateFolder::Lock::~Lock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

Result<std::unique_ptr<StateFolder::Lock>> StateFolder::Acquire() const {
  if (Status st = EnsureFolder(dir_); !st) return st.error();
  const fs::path path = dir_ / kLockName;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Error::Make(ErrorCode::kUnavailable, "cannot open " + path.string() + ": " + std::strerror(errno));
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    const int err = errno;
    ::close(fd);
    return Error::Make(ErrorCode::kUnavailable, "cannot lock " + path.string() + ": " + std::strerror(err));
  }
  return std::make_unique<Lock>(fd);
}

long long HighestSerial(SQLite::Database& db) {
  storage::Query q(db,
                   "SELECT MAX(COALESCE((SELECT MAX(serial) FROM marks), 0), "
                   "COALESCE((SELECT CAST(value AS INTEGER) FROM registry_meta WHERE key = 'serial_floor'), 0))");
  q->executeStep();
  return q->getColumn(0).getInt64();
}

DatabaseFacts ReadDatabaseFacts(SQLite::Database& db) {
  DatabaseFacts f;
  const bool meta = HasTable(db, "registry_meta");
  if (meta) {
    f.registry_id = Meta(db, "registry_id");
    f.issuer = Meta(db, "issuer");
  }
  if (meta && HasTable(db, "marks")) {
    f.highest_serial = HighestSerial(db);
  } else if (HasTable(db, "marks")) {
    storage::Query q(db, "SELECT COALESCE(MAX(serial), 0) FROM marks");
    q->executeStep();
    f.highest_serial = q->getColumn(0).getInt64();
  }
  if (HasTable(db, "log_entries")) {
    storage::Query q(db, "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries");
    q->executeStep();
    f.log_entries = static_cast<uint64_t>(q->getColumn(0).getInt64());
  }
  if (HasTable(db, "checkpoints")) {
    if (auto cp = tlog::LatestStoredCheckpoint(db)) f.checkpoint = tlog::LogHead{cp->tree_size, cp->root};
  }
  return f;
}

std::optional<tlog::Hash> CheckpointRootAt(SQLite::Database& db, uint64_t size) {
  if (size == 0) return tlog::EmptyRoot();
  if (!HasTable(db, "checkpoints")) return std::nullopt;
  storage::Query q(db, "SELECT root_hash FROM checkpoints WHERE tree_size = ?");
  q->bind(1, static_cast<int64_t>(size));
  if (!q->executeStep()) return std::nullopt;
  const SQLite::Column root = q->getColumn(0);
  return tlog::HashFromBytes(
      std::string_view(static_cast<const char*>(root.getBlob()), static_cast<size_t>(root.getBytes())));
}

StateComparison CompareWithState(const StateRecord& r, const DatabaseFacts& f,
                                 const std::optional<tlog::Hash>& root_at_record_size) {
  using Standing = StateComparison::Standing;
  StateComparison c;
  if (!r.registry_id.empty() && !f.registry_id.empty() && r.registry_id != f.registry_id) {
    c.standing = Standing::kOtherRegistry;
    c.what = "it is registry " + f.registry_id + ", the state records registry " + r.registry_id;
    return c;
  }
  if (f.log_entries < r.log.size) {
    c.standing = Standing::kBehind;
    c.behind_by = r.log.size - f.log_entries;
    c.what =
        "its log has " + std::to_string(f.log_entries) + " entries, the state records " + std::to_string(r.log.size);
    return c;
  }
  if (root_at_record_size && *root_at_record_size != r.log.root) {
    c.standing = Standing::kDiverged;
    c.what = "its log of " + std::to_string(r.log.size) + " entries has another root than the state records";
    return c;
  }
  if (f.highest_serial < r.highest_serial) {
    // Marks the record knew of are missing (their log entries were not yet
    // under a checkpoint the record could name: markctl demo, bench-seed).
    c.standing = Standing::kBehind;
    c.what = "its highest serial is " + std::to_string(f.highest_serial) + ", the state records " +
             std::to_string(r.highest_serial);
    return c;
  }
  if (f.log_entries > r.log.size) {
    c.standing = Standing::kAhead;
    c.ahead_by = f.log_entries - r.log.size;
  }
  return c;
}

Result<std::optional<StateRecord>> CheckBeforeOpen(const StatePaths& paths) {
  const std::string db = paths.db.string();
  const std::string dir = paths.state_dir.string();
  StateFolder folder(paths.state_dir);
  auto read = folder.Read();
  if (!read) return read.error();
  std::optional<StateRecord> record = std::move(*read);
  const std::string& keys_id = paths.keys_registry_id;
  if (record && !record->registry_id.empty() && !keys_id.empty() && record->registry_id != keys_id)
    return Refusal("the keys sign for registry " + keys_id + ", but the state in " + dir + " records registry " +
                   record->registry_id + "; give the --db, --state and --keys of one registry");

  std::error_code ec;
  const bool exists = fs::exists(paths.db, ec);
  const auto bytes = exists ? fs::file_size(paths.db, ec) : 0;
  if (!exists || bytes == 0) {
    if (record && HasHistory(*record))
      return Refusal(
          db + (exists ? " is empty (zero bytes)" : " is missing") + ", but the state in " + dir + " records " +
          Describe(*record) + ": put the newest backup in place (markctl restore --from FILE --db " + db +
          "), or accept the loss of everything it held (markctl state accept-rollback --db " + db + " --state " + dir +
          "), or start a new registry with these keys (markctl registry new "
          "--acknowledge-new-registry --keys DIR --db " +
          db + ")");
    return record;
  }

  DatabaseFacts facts;
  std::optional<tlog::Hash> root;
  try {
    SQLite::Database c(db, SQLite::OPEN_READONLY);
    c.setBusyTimeout(5000);
    facts = ReadDatabaseFacts(c);
    if (record) root = CheckpointRootAt(c, record->log.size);
  } catch (const SQLite::Exception& e) {
    const int code = e.getErrorCode() & 0xff;
    // Damage is Database::Open's and the integrity checks' to report.
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return record;
    return Error::Make(ErrorCode::kUnavailable, "cannot read " + db + ": " + e.what());
  }
  if (!keys_id.empty() && !facts.registry_id.empty() && facts.registry_id != keys_id)
    return Refusal("the keys sign for registry " + keys_id + ", but " + db + " is registry " + facts.registry_id +
                   "; give the --db, --state and --keys of one registry");
  if (!record) return record;
  if (record->awaiting_database) {
    if (!facts.registry_id.empty() && facts.registry_id != record->registry_id)
      return Refusal(db + " is registry " + facts.registry_id + ", but the state in " + dir +
                     " awaits a new database for registry " + record->registry_id +
                     "; move the old database away, or give the --state that belongs to it");
    return record;
  }
  const StateComparison cmp = CompareWithState(*record, facts, root);
  using Standing = StateComparison::Standing;
  const std::string accept = "markctl state accept-rollback --db " + db + " --state " + dir;
  switch (cmp.standing) {
    case Standing::kInStep:
    case Standing::kAhead: return record;
    case Standing::kBehind:
      return Refusal(db + " is behind the state in " + dir +
                     (cmp.behind_by > 0 ? " by " + std::to_string(cmp.behind_by) + " log entries" : std::string()) +
                     ": " + cmp.what +
                     " (an older backup put in place, or a write-ahead log lost after a crash); put the newest backup "
                     "in place, or accept the loss: " +
                     accept);
    case Standing::kDiverged:
      return Refusal(db + " is not consistent with the state in " + dir + ": " + cmp.what +
                     "; put the right database in place, or accept it as it is: " + accept);
    case Standing::kOtherRegistry:
      return Refusal(db + " belongs to another registry than the state in " + dir + ": " + cmp.what +
                     "; give the --db, --state and --keys of one registry");
  }
  return record;
}

Result<std::shared_ptr<StateKeeper>> StateKeeper::Attach(storage::Database& db, const StatePaths& paths,
                                                         std::optional<StateRecord> record, const Clock& clock,
                                                         NewId new_id, const std::string& actor) {
  std::shared_ptr<StateKeeper> keeper(new StateKeeper(db, StateFolder(paths.state_dir), clock));
  DatabaseFacts facts;
  Status st = db.Read([&](SQLite::Database& c) -> Status {
    facts = ReadDatabaseFacts(c);
    return Status{};
  });
  if (!st) return st.error();

  std::string bind_id;
  if (facts.registry_id.empty()) {
    if (record && !record->registry_id.empty())
      bind_id = record->registry_id;
    else if (!paths.keys_registry_id.empty())
      bind_id = paths.keys_registry_id;
    else if (new_id == NewId::kMint)
      bind_id = registry::NewId("reg_");
  }
  const bool new_registry = record && record->awaiting_database;
  const long long floor = new_registry ? std::max(record->highest_serial, facts.highest_serial) : 0;
  db.SetCommitObserver([keeper](SQLite::Database& c) { return keeper->Capture(c); });
  if (!bind_id.empty() || new_registry) {
    st = db.Write([&](SQLite::Database& tx) -> Status {
      if (!bind_id.empty()) storage::SetRegistryMeta(tx, "registry_id", bind_id);
      if (floor > facts.highest_serial) storage::SetRegistryMeta(tx, "serial_floor", std::to_string(floor));
      if (new_registry) {
        std::string detail = "a new registry";
        if (!record->previous_registry_id.empty()) detail += " after registry " + record->previous_registry_id;
        if (floor > 0) detail += "; serials continue above " + std::to_string(floor);
        storage::AppendAudit(tx, storage::AuditRecord{0, clock.Now(), actor, "", "registry.new",
                                                      bind_id.empty() ? facts.registry_id : bind_id, "ok", detail});
      }
      return Status{};
    });
    if (!st) return st.error();
  }
  // The record, when missing (the first start of a database made before
  // registry states) or behind (a crash after a commit, before its record).
  st = db.Read([&](SQLite::Database& c) -> Status {
    auto record = keeper->Capture(c);
    return record ? record() : Status{};
  });
  if (!st) return st.error();
  return keeper;
}

std::function<Status()> StateKeeper::Capture(SQLite::Database& db) {
  DatabaseFacts facts = ReadDatabaseFacts(db);
  if (!failed_.load() && captured_ && SameFacts(*captured_, facts)) return {};
  captured_ = facts;
  const uint64_t seq = ++captured_seq_;
  // The keeper lives as long as the database's observer holds it.
  return [this, seq, facts = std::move(facts)]() { return Record(seq, facts); };
}

Status StateKeeper::Record(uint64_t seq, const DatabaseFacts& facts) {
  std::lock_guard guard(mu_);
  if (seq <= recorded_seq_) return {};  // a newer capture was recorded already
  Status st = [&]() -> Status {
    auto lock = folder_.Acquire();
    if (!lock) return lock.error();
    auto current = folder_.Read();
    if (!current) return current.error();
    const std::string dir = folder_.dir().string();
    StateRecord next;
    if (*current) {
      const StateRecord& r = **current;
      if (!r.registry_id.empty() && !facts.registry_id.empty() && r.registry_id != facts.registry_id)
        return Error::Make(ErrorCode::kConflict, "the state in " + dir + " records registry " + r.registry_id +
                                                     ", but the database is registry " + facts.registry_id +
                                                     "; not recorded");
      // Another process recorded a newer commit meanwhile: the record stands.
      if (facts.checkpoint.size < r.log.size) return Status{};
      if (facts.checkpoint.size > r.log.size) {
        std::optional<tlog::Hash> root;
        Status read = db_.Read([&](SQLite::Database& c) -> Status {
          root = CheckpointRootAt(c, r.log.size);
          return Status{};
        });
        if (!read) return read;
        if (!root || *root != r.log.root)
          return Error::Make(ErrorCode::kConflict, "the database does not continue the log the state in " + dir +
                                                       " records (" + std::to_string(r.log.size) +
                                                       " entries); not recorded");
      } else if (facts.checkpoint.root != r.log.root) {
        return Error::Make(ErrorCode::kConflict, "the database's log of " + std::to_string(r.log.size) +
                                                     " entries has another root than the state in " + dir +
                                                     " records; not recorded");
      }
      next = r;
    }
    if (!facts.registry_id.empty()) next.registry_id = facts.registry_id;
    if (!facts.issuer.empty()) next.issuer = facts.issuer;
    next.highest_serial = std::max(next.highest_serial, facts.highest_serial);
    next.log = facts.checkpoint;
    next.awaiting_database = false;
    if (*current && SameRecord(**current, next)) return Status{};
    next.updated_at = FormatInstant(clock_.Now());
    return folder_.Write(next);
  }();
  failed_.store(!st.has_value());
  if (st) recorded_seq_ = seq;
  return st;
}

}  // namespace mark::registry
