// Query: statements kept per connection inside Database::Read/Write, fresh
// ones elsewhere; reset and unbound between uses either way.
#include "storage/query.h"

#include <catch2/catch.hpp>

#include <vector>

#include "storage/database.h"
#include "support/temp_dir.h"

using mark::Status;
using mark::storage::Database;
using mark::storage::Query;

namespace {

constexpr const char* kByName = "SELECT id FROM operators WHERE name = ? ORDER BY id";

std::unique_ptr<storage::Database> WithOperators(const mark::testing::TempDir& dir) {
  auto db = storage::Database::Open((dir / "q.db").string());
  REQUIRE(db.has_value());
  Status st = (*db)->Write([](SQLite::Database& tx) -> Status {
    for (const char* id : {"op-1", "op-2", "op-3"}) {
      storage::Query ins(tx,
                         "INSERT INTO operators (id, name, name_en, corporate_number, website, created_at) "
                         "VALUES (?, 'same', 'same', '', '', '2026-01-01T00:00:00Z')");
      ins->bind(1, id);
      ins->exec();
    }
    return {};
  });
  REQUIRE(st.has_value());
  return std::move(*db);
}

}  // namespace

TEST_CASE("a Query on Database's connection reuses one statement, reset and unbound", "[query]") {
  mark::testing::TempDir dir;
  auto db = WithOperators(dir);
  Status st = db->Read([](SQLite::Database& c) -> Status {
    const SQLite::Statement* first = nullptr;
    {
      storage::Query q(c, kByName);
      q->bind(1, "same");
      REQUIRE(q->executeStep());
      CHECK(q->getColumn(0).getString() == "op-1");  // left mid-way through the rows
      first = &*q;
    }
    {
      storage::Query q(c, kByName);
      CHECK(&*q == first);            // the kept statement
      CHECK_FALSE(q->executeStep());  // unbound: name = NULL finds nothing
      q->reset();
      q->bind(1, "same");
      std::vector<std::string> ids;
      while (q->executeStep()) ids.push_back(q->getColumn(0).getString());
      CHECK(ids == std::vector<std::string>{"op-1", "op-2", "op-3"});  // from the first row again
    }
    {
      // The same SQL while it is in use (a nested call): a statement of its own.
      storage::Query outer(c, kByName);
      storage::Query inner(c, kByName);
      CHECK(&*outer != &*inner);
      outer->bind(1, "same");
      inner->bind(1, "other");
      CHECK(outer->executeStep());
      CHECK_FALSE(inner->executeStep());
    }
    return {};
  });
  CHECK(st.has_value());
}

TEST_CASE("a Query elsewhere prepares its own statement and a bad one throws", "[query]") {
  mark::testing::TempDir dir;
  auto db = WithOperators(dir);
  db.reset();
  SQLite::Database plain((dir / "q.db").string(), SQLite::OPEN_READONLY);
  {
    storage::Query q(plain, kByName);
    q->bind(1, "same");
    CHECK(q->executeStep());
  }
  {
    storage::Query q(plain, kByName);
    CHECK_FALSE(q->executeStep());  // a fresh, unbound statement
  }
  CHECK_THROWS(storage::Query(plain, "SELECT nonsense FROM nowhere"));
  // Inside Database's own connection a bad statement throws too, and the
  // read reports it instead of crashing.
  auto reopened = storage::Database::Open((dir / "q.db").string());
  REQUIRE(reopened.has_value());
  Status st = (*reopened)->Read([](SQLite::Database& c) -> Status {
    storage::Query q(c, "SELECT nonsense FROM nowhere");
    return {};
  });
  CHECK_FALSE(st.has_value());
}
