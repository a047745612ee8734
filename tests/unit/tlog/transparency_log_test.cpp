// MerkleLog: the log follows the database through commits, rollbacks,
// restarts and concurrent writers, signs a checkpoint per change, and refuses
// a database whose entries no longer hash to the signed root.
#include "tlog/transparency_log.h"

#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "support/temp_dir.h"
#include "tlog/checkpoint.h"

using namespace mark;
using namespace mark::tlog;

namespace {

const Instant kAt = Instant(std::chrono::seconds(1790000000));

tlog::LogKey Key() { return std::move(tlog::LogKey::FromSeed(std::string(32, '\x05')).value()); }

// One registry-like change: append `n` entries and let the log sign, then
// commit (or fail the transaction).
Status Change(storage::Database& db, tlog::MerkleLog& log, int n, bool fail = false) {
  Status st = db.Write([&](SQLite::Database& tx) -> Status {
    for (int i = 0; i < n; ++i)
      tlog::AppendLogEntry(tx, {{"type", "status"}, {"number", "J" + std::to_string(1000 + i)}, {"i", i}}, kAt);
    if (Status s = log.BeforeCommit(tx, kAt); !s) return s;
    if (fail) return Error::Make(ErrorCode::kConflict, "rolled back on purpose");
    return Status{};
  });
  log.AfterTransaction(st.has_value());
  return st;
}

tlog::Checkpoint Head(const tlog::MerkleLog& log) {
  auto cp = tlog::OpenCheckpoint(log.CheckpointNote(), log.VerifierKey());
  REQUIRE(cp);
  return *cp;
}

long long Rows(storage::Database& db, const char* table) {
  long long n = 0;
  REQUIRE(db.Read([&](SQLite::Database& c) -> Status {
    SQLite::Statement q(c, std::string("SELECT COUNT(*) FROM ") + table);
    q.executeStep();
    n = q.getColumn(0).getInt64();
    return Status{};
  }));
  return n;
}

}  // namespace

TEST_CASE("MerkleLog signs a checkpoint per change and serves proofs", "[tlog]") {
  mark::testing::TempDir dir;
  auto db = storage::Database::Open((dir / "r.db").string());
  REQUIRE(db);
  auto log = tlog::MerkleLog::Open(**db, Key(), "registry.test/log", kAt);
  REQUIRE(log);
  CHECK((*log)->Size() == 0);
  CHECK(Head(**log).size == 0);
  CHECK(Head(**log).root == tlog::EmptyRoot());

  REQUIRE(Change(**db, **log, 2));
  REQUIRE(Change(**db, **log, 0));  // nothing logged: no checkpoint
  REQUIRE(Change(**db, **log, 3));
  CHECK((*log)->Size() == 5);
  CHECK(Rows(**db, "checkpoints") == 2);
  auto head = Head(**log);
  CHECK(head.size == 5);

  auto entries = (*log)->Entries(0, 100);
  REQUIRE(entries);
  REQUIRE(entries->size() == 5);
  tlog::MerkleTree tree;
  for (const auto& e : *entries) tree.AppendLeafInput(e.leaf_input);
  CHECK(tree.Root() == head.root);
  auto inc = (*log)->InclusionProof(3, 5);
  REQUIRE(inc);
  CHECK(tlog::VerifyInclusion(tree.LeafHashAt(3), 3, 5, *inc, head.root));
  auto con = (*log)->ConsistencyProof(2, 5);
  REQUIRE(con);
  CHECK(tlog::VerifyConsistency(2, 5, tree.RootAt(2).value(), head.root, *con));

  // Out of range: Invalid, naming the API parameter.
  auto bad_size = (*log)->InclusionProof(0, 6);
  REQUIRE_FALSE(bad_size);
  CHECK(bad_size.error().fields.at(0).field == "tree_size");
  auto bad_index = (*log)->InclusionProof(5, 5);
  REQUIRE_FALSE(bad_index);
  CHECK(bad_index.error().fields.at(0).field == "index");
  auto bad_second = (*log)->ConsistencyProof(1, 9);
  REQUIRE_FALSE(bad_second);
  CHECK(bad_second.error().fields.at(0).field == "second");
  auto bad_first = (*log)->ConsistencyProof(4, 3);
  REQUIRE_FALSE(bad_first);
  CHECK(bad_first.error().fields.at(0).field == "first");
}

TEST_CASE("MerkleLog forgets a rolled-back change", "[tlog]") {
  mark::testing::TempDir dir;
  auto db = storage::Database::Open((dir / "r.db").string());
  REQUIRE(db);
  auto log = tlog::MerkleLog::Open(**db, Key(), "registry.test/log", kAt);
  REQUIRE(log);
  REQUIRE(Change(**db, **log, 2));
  const auto before = Head(**log);
  CHECK_FALSE(Change(**db, **log, 4, /*fail=*/true));
  CHECK((*log)->Size() == 2);
  CHECK(Head(**log).root == before.root);
  CHECK(Rows(**db, "log_entries") == 2);
  // The next change lands at index 2, and the tree is rebuilt to match.
  REQUIRE(Change(**db, **log, 1));
  CHECK((*log)->Size() == 3);
  auto entries = (*log)->Entries(0, 3);
  REQUIRE(entries);
  tlog::MerkleTree tree;
  for (const auto& e : *entries) tree.AppendLeafInput(e.leaf_input);
  CHECK(tree.Root() == Head(**log).root);
}

TEST_CASE("MerkleLog reopens at the same head and refuses an edited entry", "[tlog]") {
  mark::testing::TempDir dir;
  const std::string path = (dir / "r.db").string();
  tlog::Checkpoint head;
  {
    auto db = storage::Database::Open(path);
    REQUIRE(db);
    auto log = tlog::MerkleLog::Open(**db, Key(), "registry.test/log", kAt);
    REQUIRE(log);
    REQUIRE(Change(**db, **log, 3));
    head = Head(**log);
  }
  {
    auto db = storage::Database::Open(path);
    REQUIRE(db);
    auto log = tlog::MerkleLog::Open(**db, Key(), "registry.test/log", kAt);
    REQUIRE(log);
    CHECK(Head(**log).size == head.size);
    CHECK(Head(**log).root == head.root);
    CHECK((*log)->CheckpointNote() == [&] {
      std::string note;
      REQUIRE((*db)->Read([&](SQLite::Database& c) -> Status {
        note = tlog::LatestStoredCheckpoint(c)->note;
        return Status{};
      }));
      return note;
    }());
    // Another public URL: the same head, signed under the new name.
    auto other = tlog::MerkleLog::Open(**db, Key(), "other.test/log", kAt);
    REQUIRE(other);
    CHECK(Head(**other).root == head.root);
    CHECK(Head(**other).origin == "other.test/log");
  }
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("DROP TRIGGER log_entries_no_update");
    raw.exec("UPDATE log_entries SET leaf_input = CAST('{\"type\":\"forged\"}' AS BLOB) WHERE idx = 1");
  }
  auto db = storage::Database::Open(path);
  REQUIRE(db);
  auto log = tlog::MerkleLog::Open(**db, Key(), "registry.test/log", kAt);
  REQUIRE_FALSE(log);
  CHECK_THAT(log.error().message, Catch::Contains("does not match its signed checkpoint"));
}

TEST_CASE("MerkleLog under concurrent writers stays equal to the database", "[tlog]") {
  mark::testing::TempDir dir;
  auto db = storage::Database::Open((dir / "r.db").string());
  REQUIRE(db);
  auto log = tlog::MerkleLog::Open(**db, Key(), "registry.test/log", kAt);
  REQUIRE(log);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        // Every fifth change of a thread rolls back.
        const bool fail = (i + t) % 5 == 0;
        Status st = Change(**db, **log, 1 + (i % 3), fail);
        if (st.has_value() == fail) ++failures;
        // Readers at the same time: proofs over the published head verify.
        const uint64_t size = (*log)->Size();
        if (size > 1 && !(*log)->ConsistencyProof(1, size)) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  const auto head = Head(**log);
  CHECK(head.size == static_cast<uint64_t>(Rows(**db, "log_entries")));
  auto entries = (*log)->Entries(0, head.size);
  REQUIRE(entries);
  tlog::MerkleTree tree;
  for (const auto& e : *entries) tree.AppendLeafInput(e.leaf_input);
  CHECK(tree.Root() == head.root);
  // Every stored checkpoint is a prefix of today's tree.
  REQUIRE((*db)->Read([&](SQLite::Database& c) -> Status {
    SQLite::Statement q(c, "SELECT tree_size, root_hash FROM checkpoints");
    while (q.executeStep()) {
      auto size = static_cast<uint64_t>(q.getColumn(0).getInt64());
      std::string root(static_cast<const char*>(q.getColumn(1).getBlob()), 32);
      CHECK(tlog::HashBytes(tree.RootAt(size).value()) == root);
    }
    return Status{};
  }));
}

TEST_CASE("a deferred MerkleLog holds writes and answers until Load, then reports its outcome", "[tlog]") {
  mark::testing::TempDir dir;
  auto db = storage::Database::Open((dir / "r.db").string());
  REQUIRE(db);
  {
    auto log = tlog::MerkleLog::Open(**db, Key(), "registry.test/log", kAt);
    REQUIRE(log);
    REQUIRE(Change(**db, **log, 3));
  }
  SECTION("loaded: the same head, and writes go on") {
    auto log = tlog::MerkleLog::OpenDeferred(**db, Key(), "registry.test/log");
    // Before Load a commit is refused rather than signed over an unknown tree.
    CHECK(Change(**db, *log, 1).error().code == ErrorCode::kUnavailable);
    // A waiter blocked in Ready() goes on once Load is done.
    std::atomic<bool> ready{false};
    std::thread waiter([&] { ready = log->Ready().has_value(); });
    REQUIRE(log->Load(kAt));
    waiter.join();
    CHECK(ready);
    CHECK(log->Size() == 3);
    REQUIRE(Change(**db, *log, 2));
    CHECK(log->Size() == 5);
    CHECK(Head(*log).size == 5);
  }
  SECTION("an edited entry: Load says so, and so does everything after it") {
    REQUIRE((*db)->Write([](SQLite::Database& tx) -> Status {
      tx.exec("DROP TRIGGER log_entries_no_update");
      tx.exec("UPDATE log_entries SET leaf_input = X'00' WHERE idx = 1");
      return Status{};
    }));
    auto log = tlog::MerkleLog::OpenDeferred(**db, Key(), "registry.test/log");
    auto loaded = log->Load(kAt);
    REQUIRE_FALSE(loaded);
    CHECK_THAT(loaded.error().message, Catch::Contains("does not match its signed checkpoint"));
    CHECK(log->Ready().error().code == ErrorCode::kUnavailable);
    CHECK_FALSE(log->InclusionProof(0, 1));
    CHECK(log->Size() == 0);
    CHECK(Change(**db, *log, 1).error().code == ErrorCode::kUnavailable);
  }
  SECTION("abandoned (the start-up checks failed first): waiters hear why") {
    auto log = tlog::MerkleLog::OpenDeferred(**db, Key(), "registry.test/log");
    log->Abandon(Error::Make(ErrorCode::kInternal, "database failed its integrity check"));
    CHECK_FALSE(log->Ready());
    CHECK(Rows(**db, "checkpoints") == 1);  // nothing was written
  }
}

TEST_CASE("LogKey files: created 0600 once, refused when readable by others", "[tlog]") {
  mark::testing::TempDir dir;
  const auto keys = dir / "keys";
  auto made = tlog::LogKey::CreateIfMissing(keys);
  REQUIRE(made);
  CHECK(*made);
  auto again = tlog::LogKey::CreateIfMissing(keys);
  REQUIRE(again);
  CHECK_FALSE(*again);
  auto perms = std::filesystem::status(keys / tlog::kLogKeyFile).permissions();
  CHECK((perms & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  auto a = tlog::LogKey::Load(keys);
  REQUIRE(a);
  auto b = tlog::LogKey::Load(keys);
  REQUIRE(b);
  CHECK(a->public_key() == b->public_key());
  CHECK(tlog::ParseVerifierKey(a->VerifierKey("x.test/log")));
  std::filesystem::permissions(keys / tlog::kLogKeyFile, std::filesystem::perms::group_read,
                               std::filesystem::perm_options::add);
  auto readable = tlog::LogKey::Load(keys);
  REQUIRE_FALSE(readable);
  CHECK_THAT(readable.error().message, Catch::Contains("readable by group or others"));
  auto missing = tlog::LogKey::Load(dir / "nowhere");
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().message, Catch::Contains("log-init"));
}
