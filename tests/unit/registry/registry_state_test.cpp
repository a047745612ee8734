// The registry state beside the database: the record's format, the checks
// before a database is opened for writing, and StateKeeper keeping the record
// in step (only forward, never over another registry's).
#include "registry/registry_state.h"

#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <fstream>

#include "storage/audit.h"
#include "support/temp_dir.h"

using namespace mark;
using namespace mark::registry;
namespace fs = std::filesystem;

namespace {

const Instant kStateAt = Instant(std::chrono::seconds(1790000000));
const char* kRegistry = "reg_00112233445566778899";

tlog::LogKey StateLogKey() { return std::move(tlog::LogKey::FromSeed(std::string(32, '\x05')).value()); }

// `n` log entries and the checkpoint over them, as a registry write makes.
Status Append(storage::Database& db, tlog::MerkleLog& log, int n) {
  Status st = db.Write([&](SQLite::Database& tx) -> Status {
    for (int i = 0; i < n; ++i) tlog::AppendLogEntry(tx, {{"type", "status"}, {"i", i}}, kStateAt);
    return log.BeforeCommit(tx, kStateAt);
  });
  log.AfterTransaction(st.has_value());
  return st;
}

// A registry in `dir`: database, state beside it, keeper attached, log open.
struct StateFixture {
  mark::testing::TempDir dir;
  FixedClock clock{kStateAt};
  StatePaths paths{dir / "registry.db", dir / "state", kRegistry};
  std::unique_ptr<storage::Database> db;
  std::shared_ptr<StateKeeper> keeper;
  std::unique_ptr<tlog::MerkleLog> log;

  StateFixture() {
    auto record = CheckBeforeOpen(paths);
    REQUIRE(record);
    auto opened = storage::Database::Open(paths.db.string());
    REQUIRE(opened);
    db = std::move(*opened);
    auto attached = StateKeeper::Attach(*db, paths, *record, clock, StateKeeper::NewId::kLeaveUnbound, "test");
    REQUIRE(attached);
    keeper = *attached;
    auto opened_log = tlog::MerkleLog::Open(*db, StateLogKey(), "registry.test/log", kStateAt);
    REQUIRE(opened_log);
    log = std::move(*opened_log);
  }
  StateRecord Record() const {
    auto r = StateFolder(paths.state_dir).Read();
    REQUIRE(r);
    REQUIRE(r->has_value());
    return **r;
  }
};

std::string Refusal(const StatePaths& paths) {
  auto r = CheckBeforeOpen(paths);
  REQUIRE(!r);
  return r.error().message;
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a state record reads back as written, anything else is refused", "[state]") {
  mark::testing::TempDir dir;
  StateFolder folder(dir / "state");
  CHECK(!folder.Read()->has_value());  // no folder yet: no record
  StateRecord r;
  r.registry_id = kRegistry;
  r.issuer = "https://mark.example.jp";
  r.highest_serial = 72;
  tlog::MerkleTree tree;
  tree.AppendLeafInput("a");
  r.log = tlog::LogHead{1, tree.Root()};
  r.awaiting_database = true;
  r.previous_registry_id = "reg_99";
  r.updated_at = "2026-01-01T00:00:00Z";
  REQUIRE(folder.Write(r));
  auto back = folder.Read();
  REQUIRE(back);
  REQUIRE(back->has_value());
  CHECK((*back)->registry_id == r.registry_id);
  CHECK((*back)->issuer == r.issuer);
  CHECK((*back)->highest_serial == 72);
  CHECK((*back)->log == r.log);
  CHECK((*back)->awaiting_database);
  CHECK((*back)->previous_registry_id == "reg_99");
  struct stat st {};
  REQUIRE(::stat((dir / "state").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);

  const fs::path file = dir / "state" / "registry-state.json";
  for (const std::string& bad : {std::string("not json"), std::string(R"({"format":"other","version":1})"),
                                 std::string(R"({"format":"anshin-mark-registry-state","version":1,"highest_serial":1,)"
                                             R"("log":{"size":1,"root":"short"}})")}) {
    std::ofstream(file, std::ios::trunc) << bad;
    auto read = folder.Read();
    CHECK(!read);
  }
}

TEST_CASE("the checks refuse a database missing, empty, behind, off the history or of another registry", "[state]") {
  StateFixture f;
  REQUIRE(Append(*f.db, *f.log, 2));
  const fs::path backup = f.dir / "backup.db";
  REQUIRE(f.db->Backup(backup.string()));
  REQUIRE(Append(*f.db, *f.log, 3));
  // Bound to the keys' registry at Attach, recorded after each commit.
  const StateRecord r = f.Record();
  CHECK(r.registry_id == kRegistry);
  CHECK(r.log.size == 5);
  CHECK(CheckBeforeOpen(f.paths));  // in step

  StatePaths other = f.paths;
  SECTION("an older copy in its place is behind") {
    other.db = backup;
    const std::string why = Refusal(other);
    CHECK(Has(why, "is behind the state in " + f.paths.state_dir.string() + " by 3 log entries"));
    CHECK(Has(why, "markctl state accept-rollback --db " + backup.string()));
    // Without a state (another folder) the copy is a registry of its own.
    other.state_dir = f.dir / "elsewhere";
    CHECK(CheckBeforeOpen(other));
  }
  SECTION("missing or empty beside the record") {
    other.db = f.dir / "gone.db";
    CHECK(Has(Refusal(other), "gone.db is missing, but the state in"));
    std::ofstream(other.db.string()) << "";
    CHECK(Has(Refusal(other), "gone.db is empty (zero bytes), but the state in"));
  }
  SECTION("keys of another registry") {
    other.keys_registry_id = "reg_ffffffffffffffffffff";
    CHECK(Has(Refusal(other), "the keys sign for registry reg_ffffffffffffffffffff"));
  }
  SECTION("a database of another registry") {
    // The change commits (an observer cannot undo it) but is not recorded...
    REQUIRE(f.db->Write([](SQLite::Database& tx) -> Status {
      storage::SetRegistryMeta(tx, "registry_id", "reg_eeeeeeeeeeeeeeeeeeee");
      return Status{};
    }));
    CHECK(f.Record().registry_id == kRegistry);
    // ...and the checks refuse the database.
    other.keys_registry_id = "";
    CHECK(Has(Refusal(other), "belongs to another registry"));
  }
  SECTION("a lower serial than recorded") {
    StateRecord higher = f.Record();
    higher.highest_serial = 40;
    REQUIRE(StateFolder(f.paths.state_dir).Write(higher));
    CHECK(Has(Refusal(other), "its highest serial is 0, the state records 40"));
  }
  SECTION("a checkpoint of the record's size with another root") {
    StateRecord forked = f.Record();
    forked.log.root = tlog::EmptyRoot();
    REQUIRE(StateFolder(f.paths.state_dir).Write(forked));
    CHECK(Has(Refusal(other), "has another root than the state records"));
  }
}

TEST_CASE("the keeper records only forward and never over another registry's record", "[state]") {
  StateFixture f;
  REQUIRE(Append(*f.db, *f.log, 2));
  StateFolder folder(f.paths.state_dir);

  SECTION("a longer record (another process's newer commit) stands") {
    StateRecord ahead = f.Record();
    ahead.log.size = 10;
    REQUIRE(folder.Write(ahead));
    REQUIRE(Append(*f.db, *f.log, 1));
    CHECK(f.Record().log.size == 10);
  }
  SECTION("a record the database does not continue refuses later writes until it is put right") {
    StateRecord off = f.Record();
    off.log.root = tlog::EmptyRoot();
    REQUIRE(folder.Write(off));
    // The write commits (the observer cannot undo it) but is not recorded...
    REQUIRE(Append(*f.db, *f.log, 1));
    CHECK(f.Record().log.size == 2);
    // ...and nothing more is written until the record can be kept.
    auto refused = Append(*f.db, *f.log, 1);
    REQUIRE(!refused);
    CHECK(refused.error().code == ErrorCode::kUnavailable);
    CHECK(Has(refused.error().message, "does not continue the log the state in"));
    std::filesystem::remove(f.paths.state_dir / "registry-state.json");
    REQUIRE(Append(*f.db, *f.log, 1));
    CHECK(f.Record().log.size == 4);
  }
}

TEST_CASE("a new database beside a record awaiting it continues the old serials", "[state]") {
  mark::testing::TempDir dir;
  FixedClock clock{kStateAt};
  StatePaths paths{dir / "registry.db", dir / "state", "reg_11111111111111111111"};
  StateRecord awaiting;
  awaiting.registry_id = "reg_11111111111111111111";
  awaiting.previous_registry_id = kRegistry;
  awaiting.highest_serial = 41;
  awaiting.awaiting_database = true;
  REQUIRE(StateFolder(paths.state_dir).Write(awaiting));
  auto record = CheckBeforeOpen(paths);
  REQUIRE(record);
  auto db = storage::Database::Open(paths.db.string());
  REQUIRE(db);
  REQUIRE(StateKeeper::Attach(**db, paths, *record, clock, StateKeeper::NewId::kLeaveUnbound, "test"));
  long long highest = 0;
  std::string audit;
  REQUIRE((*db)->Read([&](SQLite::Database& c) -> Status {
    highest = HighestSerial(c);
    SQLite::Statement q(c, "SELECT action || ' ' || detail FROM audit");
    if (q.executeStep()) audit = q.getColumn(0).getString();
    return Status{};
  }));
  CHECK(highest == 41);
  CHECK(Has(audit, "registry.new"));
  CHECK(Has(audit, "after registry " + std::string(kRegistry)));
  auto now = StateFolder(paths.state_dir).Read();
  REQUIRE(now);
  CHECK(!(*now)->awaiting_database);
  CHECK((*now)->registry_id == "reg_11111111111111111111");
  CHECK((*now)->highest_serial == 41);
}
