// AuditedWrite on a real SQLite file: one transaction with its audit row and
// idempotency record; a repeated key answers the first result and changes
// nothing; a refusal rolls back and is audited as refused; the writer's steps
// run around the body and can refuse too.
#include "storage/audited_write.h"

#include <catch2/catch.hpp>

#include <SQLiteCpp/Statement.h>

#include <string>
#include <vector>

#include "storage/audit.h"
#include "support/temp_dir.h"

using namespace mark;
using namespace mark::storage;
using nlohmann::json;

namespace {

struct AuditedFixture {
  testing::TempDir dir;
  std::unique_ptr<storage::Database> db = std::move(storage::Database::Open((dir / "r.db").string()).value());
  const Instant now = *ParseInstant("2026-04-01T10:00:00+09:00");
  int runs = 0;

  // A body that counts its runs and answers a new resource.
  storage::WriteBody Creating(const std::string& id) {
    return [this, id](SQLite::Database&) -> Result<storage::WriteResult> {
      ++runs;
      return storage::WriteResult{json{{"id", id}}, true, false};
    };
  }

  std::vector<storage::AuditRecord> Audit() { return storage::ListAudit(*db, 0, 100).value(); }
};

}  // namespace

TEST_CASE("a write is audited under its target, or the id it answers", "[audited_write]") {
  AuditedFixture f;
  storage::WriteRequest req{{"secretariat", "192.0.2.1"}, "", ""};
  auto w = f.Creating("op_1");
  REQUIRE(storage::AuditedWrite(*f.db, f.now, "operator.create", "", req, w));
  REQUIRE(storage::AuditedWrite(*f.db, f.now, "operator.amend", "op_9", req, w));
  const auto audit = f.Audit();
  REQUIRE(audit.size() == 2);
  CHECK(audit[1].action == "operator.create");
  CHECK(audit[1].target == "op_1");
  CHECK(audit[1].outcome == "ok");
  CHECK(audit[1].actor == "secretariat");
  CHECK(audit[1].remote == "192.0.2.1");
  CHECK(audit[0].target == "op_9");
}

TEST_CASE("a repeated idempotency key answers the first result, and another request under it conflicts",
          "[audited_write]") {
  AuditedFixture f;
  storage::WriteRequest first{{"secretariat", ""}, "key-1", "hash-a"};
  auto a = storage::AuditedWrite(*f.db, f.now, "operator.create", "", first, f.Creating("op_1"));
  REQUIRE(a);
  CHECK_FALSE(a->replayed);
  auto again = storage::AuditedWrite(*f.db, f.now, "operator.create", "", first, f.Creating("op_2"));
  REQUIRE(again);
  CHECK(again->replayed);
  CHECK(again->created);
  CHECK(again->body["id"] == "op_1");
  CHECK(f.runs == 1);
  storage::WriteRequest other{{"secretariat", ""}, "key-1", "hash-b"};
  auto conflict = storage::AuditedWrite(*f.db, f.now, "operator.create", "", other, f.Creating("op_3"));
  REQUIRE_FALSE(conflict);
  CHECK(conflict.error().code == ErrorCode::kConflict);
  CHECK(f.runs == 1);
  // The same key from another actor is another request.
  storage::WriteRequest stranger{{"reviewer", ""}, "key-1", "hash-b"};
  REQUIRE(storage::AuditedWrite(*f.db, f.now, "operator.create", "", stranger, f.Creating("op_4")));
  CHECK(f.runs == 2);
}

TEST_CASE("a refused write rolls back and is audited as refused", "[audited_write]") {
  AuditedFixture f;
  storage::WriteRequest req{{"secretariat", ""}, "key-2", "hash"};
  auto refused = storage::AuditedWrite(*f.db, f.now, "mark.revoke", "J0001", req,
                                       [](SQLite::Database& tx) -> Result<storage::WriteResult> {
                                         tx.exec("CREATE TABLE scratch (x)");
                                         return Error::Make(ErrorCode::kConflict, "already revoked");
                                       });
  REQUIRE_FALSE(refused);
  const auto audit = f.Audit();
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].outcome == "refused");
  CHECK(audit[0].target == "J0001");
  CHECK(audit[0].detail == "already revoked");
  Status st = f.db->Read([](SQLite::Database& c) -> Status {
    CHECK_FALSE(c.tableExists("scratch"));
    return Status{};
  });
  REQUIRE(st);
  // The key was not kept: the corrected request runs.
  REQUIRE(storage::AuditedWrite(*f.db, f.now, "mark.revoke", "J0001", req, f.Creating("J0001")));
  CHECK(f.runs == 1);
}

TEST_CASE("the writer's steps run around the body, and a refusing step rolls it back", "[audited_write]") {
  AuditedFixture f;
  storage::WriteRequest req{{"secretariat", ""}, "", ""};
  std::vector<std::string> order;
  storage::WriteSteps steps;
  steps.before = [&](SQLite::Database&) -> Status {
    order.push_back("before");
    return Status{};
  };
  steps.after = [&](SQLite::Database&) -> Status {
    order.push_back("after");
    return Status{};
  };
  steps.finished = [&](bool committed) { order.push_back(committed ? "committed" : "rolled back"); };
  auto body = [&](SQLite::Database&) -> Result<storage::WriteResult> {
    order.push_back("body");
    return storage::WriteResult{json{{"id", "x"}}, true, false};
  };
  REQUIRE(storage::AuditedWrite(*f.db, f.now, "thing.create", "", req, body, steps));
  CHECK(order == std::vector<std::string>{"before", "body", "after", "committed"});

  order.clear();
  steps.after = [&](SQLite::Database&) -> Status {
    order.push_back("after");
    return Error::Make(ErrorCode::kUnavailable, "the log cannot commit");
  };
  auto refused = storage::AuditedWrite(*f.db, f.now, "thing.create", "", req, body, steps);
  REQUIRE_FALSE(refused);
  CHECK(order == std::vector<std::string>{"before", "body", "after", "rolled back"});
  // Storage trouble is not a refusal: only the first write is audited.
  CHECK(f.Audit().size() == 1);
}
