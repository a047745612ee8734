// markctl state show|accept-rollback: the registry state kept outside the
// database (registry/registry_state.h).
//   show             prints the record (and, with --db, how the database
//                    stands against it).
//   accept-rollback  after a real loss (the newest backup is older than the
//                    state, a write-ahead log was lost, the database is
//                    gone and no backup is left), makes the state
//                    follow the database as it now is, so markd starts on
//                    it. Serials continue above the highest the state
//                    recorded (numbers of lost marks are never given
//                    again); the audit trail and the transparency log record
//                    the rollback. Stop markd first.
#include <iostream>
#include <nlohmann/json.hpp>

#include "command.h"
#include "registry_access.h"
#include "common/base64.h"
#include "common/jst.h"
#include "storage/audit.h"
#include "registry/registry_state.h"
#include "tlog/transparency_log.h"

namespace markctl::cmd_state {
namespace {

namespace registry = mark::registry;
using nlohmann::json;

int Usage(const std::string& why) {
  std::cerr << "markctl state: " << why << "\n"
            << "usage: markctl state show (--db PATH | --state DIR)\n"
            << "       markctl state accept-rollback --db PATH [--state DIR] [--reason TEXT]  (markd stopped)\n";
  return 2;
}

int Fail(const std::string& sub, const std::string& why, int code = 2) {
  std::cerr << "markctl state " << sub << ": " << why << "\n";
  return code;
}

// The database's facts and its root at `size`, read-only.
mark::Result<std::pair<registry::DatabaseFacts, std::optional<mark::tlog::Hash>>> ReadFacts(const std::string& db,
                                                                                            uint64_t size) {
  try {
    auto connection = ReadOnlyConnection(db);
    SQLite::Database& c = *connection;
    auto facts = registry::ReadDatabaseFacts(c);
    std::optional<mark::tlog::Hash> root = registry::CheckpointRootAt(c, size);
    if (!root && facts.log_entries >= size) {
      // No checkpoint of that size: hash the entries themselves.
      mark::tlog::MerkleTree tree(mark::tlog::ReadLeafHashes(c, 0, size));
      if (tree.Size() == size) root = tree.Root();
    }
    return std::make_pair(facts, root);
  } catch (const std::exception& e) {
    return mark::Error::Make(mark::ErrorCode::kUnavailable, "cannot read " + db + ": " + e.what());
  }
}

int Show(const Parsed& p) {
  if (!p.Get("db") && !p.Get("state")) return Usage("show needs --db PATH or --state DIR");
  const auto dir = p.Get("db") ? StateDirFor(*p.Get("db"), p.Get("state")) : std::filesystem::path(*p.Get("state"));
  auto record = registry::StateFolder(dir).Read();
  if (!record) return Fail("show", record.error().message);
  if (!*record) return Fail("show", "no registry state in " + dir.string(), 1);
  const registry::StateRecord& r = **record;
  std::cout << "state:          " << dir.string() << "\n"
            << "registry:       " << (r.registry_id.empty() ? "(none bound yet)" : r.registry_id) << "\n"
            << "issuer:         " << (r.issuer.empty() ? "(none stated)" : r.issuer) << "\n"
            << "highest serial: " << r.highest_serial << "\n"
            << "log:            " << r.log.size << " entries, root " << mark::tlog::HashToBase64(r.log.root) << "\n"
            << "updated:        " << r.updated_at << "\n";
  if (r.awaiting_database) std::cout << "awaiting a new database (markctl registry new)\n";
  if (!r.previous_registry_id.empty()) std::cout << "previous:       " << r.previous_registry_id << "\n";
  if (auto db = p.Get("db")) {
    auto checked = registry::CheckBeforeOpen({*db, dir, ""});
    std::cout << "database:       " << *db << ": " << (checked ? "markd accepts it" : checked.error().message) << "\n";
  }
  return 0;
}

int AcceptRollback(const Parsed& p) {
  auto db_opt = p.Get("db");
  if (!db_opt) return Usage("accept-rollback needs --db PATH");
  const std::string db = *db_opt;
  const auto dir = StateDirFor(db, p.Get("state"));
  registry::StateFolder folder(dir);
  auto read = folder.Read();
  if (!read) return Fail("accept-rollback", read.error().message);
  if (!*read) return Fail("accept-rollback", "no registry state in " + dir.string() + ": nothing to accept");
  const registry::StateRecord record = **read;
  if (record.awaiting_database)
    return Fail("accept-rollback", "the state in " + dir.string() + " awaits a new database (markctl registry new)");
  // A missing or empty database is the loss of everything it held: the
  // registry goes on from an empty one (same id, serials above the lost).
  std::error_code ec;
  const bool empty = !std::filesystem::exists(db, ec) || std::filesystem::file_size(db, ec) == 0;
  if (empty && std::filesystem::exists(db + "-wal", ec))
    return Fail("accept-rollback", db + " is missing or empty but " + db +
                                       "-wal is not: move that file away first (SQLite would replay it)");
  auto facts = empty ? mark::Result<std::pair<registry::DatabaseFacts, std::optional<mark::tlog::Hash>>>(
                           std::make_pair(registry::DatabaseFacts{}, std::nullopt))
                     : ReadFacts(db, record.log.size);
  if (!facts) return Fail("accept-rollback", facts.error().message);
  const auto cmp = registry::CompareWithState(record, facts->first, facts->second);
  using Standing = registry::StateComparison::Standing;
  if (cmp.standing == Standing::kOtherRegistry)
    return Fail("accept-rollback", db + " belongs to another registry: " + cmp.what + "; nothing accepted");
  if (cmp.standing == Standing::kInStep || cmp.standing == Standing::kAhead) {
    std::cerr << db << " is not behind the state in " << dir.string() << ": nothing to accept\n";
    return 0;
  }

  // Outside the state's checks: this command makes the state follow the database.
  auto opened = OpenOutsideState(db);
  if (!opened) return Fail("accept-rollback", opened.error().message);
  mark::storage::Database& database = **opened;
  const mark::Instant now = ProcessClock().Now();
  const registry::DatabaseFacts& before = facts->first;
  const long long floor = std::max(record.highest_serial, before.highest_serial);
  const std::string reason = p.GetOr("reason", "");
  const std::string registry_id = before.registry_id.empty() ? record.registry_id : before.registry_id;
  const std::string detail = "the database stood at " + std::to_string(before.log_entries) +
                             " log entries, the state recorded " + std::to_string(record.log.size) + " (root " +
                             mark::tlog::HashToBase64(record.log.root) + ") and serials up to " +
                             std::to_string(record.highest_serial) + ": " + cmp.what + "; serials continue above " +
                             std::to_string(floor) + (reason.empty() ? "" : "; reason: " + reason);
  mark::Status st = database.Write([&](SQLite::Database& tx) -> mark::Status {
    if (before.registry_id.empty() && !registry_id.empty())
      mark::storage::SetRegistryMeta(tx, "registry_id", registry_id);
    if (floor > before.highest_serial) mark::storage::SetRegistryMeta(tx, "serial_floor", std::to_string(floor));
    // In the log too, so a monitor that saw the longer log learns why it
    // ends here; markd signs a checkpoint over it when it next starts.
    json event = {{"type", "rollback_accepted"},
                  {"at", mark::FormatInstant(now)},
                  {"database_log_size", before.log_entries},
                  {"state_log_size", record.log.size},
                  {"state_log_root", mark::tlog::HashToBase64(record.log.root)},
                  {"serials_continue_above", floor}};
    if (!reason.empty()) event["reason"] = reason;
    mark::tlog::AppendLogEntry(tx, event, now);
    mark::storage::AppendAudit(
        tx, mark::storage::AuditRecord{0, now, "markctl", "", "state.accept_rollback", registry_id, "ok", detail});
    return mark::Status{};
  });
  if (!st) return Fail("accept-rollback", st.error().message);

  // The state now follows the database as it is (forced: it moves back).
  registry::DatabaseFacts after;
  st = database.Read([&](SQLite::Database& c) -> mark::Status {
    after = registry::ReadDatabaseFacts(c);
    return mark::Status{};
  });
  if (!st) return Fail("accept-rollback", st.error().message);
  registry::StateRecord next = record;
  if (!after.registry_id.empty()) next.registry_id = after.registry_id;
  if (!after.issuer.empty()) next.issuer = after.issuer;
  next.highest_serial = std::max(floor, after.highest_serial);
  next.log = after.checkpoint;
  next.updated_at = mark::FormatInstant(now);
  auto lock = folder.Acquire();
  if (!lock) return Fail("accept-rollback", lock.error().message);
  if (auto w = folder.Write(next); !w) return Fail("accept-rollback", w.error().message);
  std::cerr << "accepted: " << db << ": " << cmp.what << "; the state in " << dir.string()
            << " now follows it, serials continue above " << floor
            << "; the audit trail and the transparency log record the rollback\n";
  return 0;
}

int Run(const Args& args) {
  auto p = ParseArgs(args, {"db", "state", "reason"});
  if (!p.error.empty()) return Usage(p.error);
  if (p.positional.size() != 1) return Usage("expected show or accept-rollback");
  if (p.positional[0] == "show") return Show(p);
  if (p.positional[0] == "accept-rollback") return AcceptRollback(p);
  return Usage("unknown sub-command " + p.positional[0]);
}

const bool registered =
    RegisterCommand({"state",
                     "  markctl state show (--db PATH | --state DIR)     the registry state kept beside the database\n"
                     "  markctl state accept-rollback --db PATH [--state DIR] [--reason TEXT]\n"
                     "      after a real loss: the state follows the database as it now is (markd stopped)",
                     &Run});

}  // namespace
}  // namespace markctl::cmd_state
