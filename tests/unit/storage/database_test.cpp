// Database: group commit (concurrent writes share a commit, each keeps or
// loses only its own change, each returns after the commit), WriteBatch
// savepoints, and the generation caches key on.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Statement.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "support/temp_dir.h"

using mark::Error;
using mark::ErrorCode;
using mark::Status;
using mark::storage::Database;

namespace {

long long Count(storage::Database& db, const char* sql) {
  long long n = -1;
  Status st = db.Read([&](SQLite::Database& c) -> Status {
    SQLite::Statement q(c, sql);
    q.executeStep();
    n = q.getColumn(0).getInt64();
    return {};
  });
  REQUIRE(st.has_value());
  return n;
}

}  // namespace

TEST_CASE("concurrent writes share commits and keep only their own outcome", "[database]") {
  mark::testing::TempDir dir;
  auto db = storage::Database::Open((dir / "t.db").string());
  REQUIRE(db.has_value());
  storage::Database& d = **db;
  REQUIRE(d.Write([](SQLite::Database& c) -> Status {
             c.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
             return {};
           }).has_value());
  const uint64_t gen0 = d.Generation();
  constexpr int kThreads = 8, kEach = 50;
  std::atomic<int> ok{0}, refused{0}, thrown{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const int k = t * 1000 + i;
        const int kind = i % 5;  // 0..2 succeed, 3 refuses, 4 throws (a constraint)
        Status st = d.Write([&](SQLite::Database& c) -> Status {
          SQLite::Statement q(c, "INSERT INTO t (k, v) VALUES (?, 'x')");
          q.bind(1, k);
          q.exec();
          if (kind == 3) return Error::Make(ErrorCode::kConflict, "refused after writing");
          if (kind == 4) c.exec("INSERT INTO t (k, v) VALUES (-1, NULL)");  // NOT NULL: throws
          return {};
        });
        if (kind <= 2)
          (st.has_value() ? ok : wrong)++;
        else if (kind == 3)
          (!st.has_value() && st.error().code == ErrorCode::kConflict ? refused : wrong)++;
        else
          (!st.has_value() ? thrown : wrong)++;
        // Answered means durable and visible to a new reader.
        if (kind <= 2 && st.has_value()) {
          long long seen = -1;
          Status r = d.Read([&](SQLite::Database& c) -> Status {
            SQLite::Statement q(c, "SELECT COUNT(*) FROM t WHERE k = ?");
            q.bind(1, k);
            q.executeStep();
            seen = q.getColumn(0).getInt64();
            return {};
          });
          if (!r.has_value() || seen != 1) wrong++;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong == 0);
  CHECK(ok == kThreads * 30);
  CHECK(refused == kThreads * 10);
  CHECK(thrown == kThreads * 10);
  CHECK(Count(d, "SELECT COUNT(*) FROM t") == kThreads * 30);
  CHECK(d.Generation() > gen0);
}

TEST_CASE("a batch commits once — a failing write inside it rolls back alone", "[database]") {
  mark::testing::TempDir dir;
  auto db = storage::Database::Open((dir / "t.db").string());
  REQUIRE(db.has_value());
  storage::Database& d = **db;
  REQUIRE(d.Write([](SQLite::Database& c) -> Status {
             c.exec("CREATE TABLE t (k INTEGER PRIMARY KEY)");
             return {};
           }).has_value());
  const uint64_t before = d.Generation();
  Status batch = d.WriteBatch([&]() -> Status {
    for (int k = 1; k <= 10; ++k) {
      Status st = d.Write([&](SQLite::Database& c) -> Status {
        SQLite::Statement q(c, "INSERT INTO t (k) VALUES (?)");
        q.bind(1, k);
        q.exec();
        return k == 5 ? Error::Make(ErrorCode::kInvalid, "no fives") : Status{};
      });
      if ((k == 5) == st.has_value()) return Error::Make(ErrorCode::kInternal, "unexpected outcome");
    }
    return {};
  });
  REQUIRE(batch.has_value());
  CHECK(Count(d, "SELECT COUNT(*) FROM t") == 9);
  CHECK(Count(d, "SELECT COUNT(*) FROM t WHERE k = 5") == 0);
  CHECK(d.Generation() == before + 1);

  Status failed = d.WriteBatch([&]() -> Status {
    (void)d.Write([](SQLite::Database& c) -> Status {
      c.exec("INSERT INTO t (k) VALUES (100)");
      return {};
    });
    return Error::Make(ErrorCode::kInvalid, "abandon the batch");
  });
  CHECK_FALSE(failed.has_value());
  CHECK(Count(d, "SELECT COUNT(*) FROM t WHERE k = 100") == 0);
}

TEST_CASE("reads beyond the reader limit wait for a connection, and a read inside a read does not", "[database]") {
  mark::testing::TempDir dir;
  auto db = storage::Database::Open((dir / "t.db").string());
  REQUIRE(db.has_value());
  storage::Database& d = **db;
  // Every connection busy at once, and a nested read inside each.
  std::atomic<int> inside{0}, most{0}, nested_ok{0}, reads_ok{0};
  std::vector<std::thread> readers;
  for (size_t i = 0; i < storage::Database::kMaxReaders + 8; ++i) {
    readers.emplace_back([&] {
      Status st = d.Read([&](SQLite::Database& c) -> Status {
        int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        SQLite::Statement q(c, "SELECT 1");
        q.executeStep();
        Status nested = d.Read([](SQLite::Database&) -> Status { return {}; });
        if (nested) ++nested_ok;
        --inside;
        return {};
      });
      if (st) ++reads_ok;  // Catch's macros are not for other threads
    });
  }
  for (auto& t : readers) t.join();
  CHECK(most.load() <= static_cast<int>(storage::Database::kMaxReaders));
  CHECK(nested_ok.load() == static_cast<int>(storage::Database::kMaxReaders + 8));
  CHECK(reads_ok.load() == static_cast<int>(storage::Database::kMaxReaders + 8));
}

TEST_CASE("the schema check finds a dropped index, an altered trigger, a table not ours", "[database]") {
  mark::testing::TempDir dir;
  auto db = storage::Database::Open((dir / "t.db").string());
  REQUIRE(db.has_value());
  CHECK((*db)->SchemaCheck().has_value());
  std::string expected;
  SECTION("dropped index") {
    REQUIRE((*db)->Write([](SQLite::Database& c) -> Status {
      c.exec("DROP INDEX certificates_kid");
      return {};
    }));
    expected = "index certificates_kid is missing";
  }
  SECTION("altered trigger") {
    REQUIRE((*db)->Write([](SQLite::Database& c) -> Status {
      c.exec("DROP TRIGGER log_entries_no_delete");
      c.exec("CREATE TRIGGER log_entries_no_delete BEFORE DELETE ON log_entries BEGIN SELECT 1; END");
      return {};
    }));
    expected = "trigger log_entries_no_delete differs";
  }
  SECTION("a table not ours") {
    REQUIRE((*db)->Write([](SQLite::Database& c) -> Status {
      c.exec("CREATE TABLE scratch (x)");
      return {};
    }));
    expected = "table scratch is not ours";
  }
  auto st = (*db)->SchemaCheck();
  REQUIRE(!st.has_value());
  CHECK(st.error().message.find(expected) != std::string::npos);
  CHECK(st.error().message.find((dir / "t.db").string()) != std::string::npos);
}

TEST_CASE("a failing commit record refuses later writes until it succeeds", "[database]") {
  mark::testing::TempDir dir;
  auto db = storage::Database::Open((dir / "t.db").string());
  REQUIRE(db.has_value());
  storage::Database& d = **db;
  int calls = 0;
  bool fail = true;
  d.SetCommitObserver([&](SQLite::Database&) -> std::function<Status()> {
    return [&]() -> Status {
      ++calls;
      if (fail) return Error::Make(ErrorCode::kUnavailable, "the state cannot be written");
      return {};
    };
  });
  auto create = [](SQLite::Database& c) -> Status {
    c.exec("CREATE TABLE IF NOT EXISTS t (k INTEGER)");
    return {};
  };
  CHECK(d.Write(create).has_value());  // committed; the observer failed after it
  CHECK(calls == 1);
  auto refused = d.Write(create);
  REQUIRE(!refused.has_value());
  CHECK(refused.error().code == ErrorCode::kUnavailable);
  CHECK(refused.error().message == "the state cannot be written");
  CHECK(calls == 2);  // tried again before the write
  fail = false;
  CHECK(d.Write(create).has_value());
  CHECK(calls == 4);  // once before the write, once after its commit
}

TEST_CASE("a writer returns only after a record covering its commit, and waiting records coalesce", "[database]") {
  mark::testing::TempDir dir;
  auto db = storage::Database::Open((dir / "t.db").string());
  REQUIRE(db.has_value());
  storage::Database& d = **db;
  REQUIRE(d.Write([](SQLite::Database& c) -> Status {
    c.exec("CREATE TABLE t (k INTEGER PRIMARY KEY)");
    return {};
  }));
  // Each record notes how many rows its capture saw. The first one holds
  // until the last commit has been captured (a slow disk), so every other
  // group waits behind it and one more record covers them all.
  constexpr int kWriters = 8;
  std::mutex mu;
  std::condition_variable cv;
  int captures = 0, runs = 0;
  long long recorded = 0, newest_capture = 0;
  d.SetCommitObserver([&](SQLite::Database& c) -> std::function<Status()> {
    SQLite::Statement q(c, "SELECT COUNT(*) FROM t");
    q.executeStep();
    const long long rows = q.getColumn(0).getInt64();
    {
      std::lock_guard lock(mu);
      ++captures;
      newest_capture = std::max(newest_capture, rows);
    }
    cv.notify_all();
    return [&, rows]() -> Status {
      std::unique_lock lock(mu);
      if (++runs == 1) cv.wait_for(lock, std::chrono::seconds(10), [&] { return newest_capture == kWriters; });
      recorded = std::max(recorded, rows);
      return {};
    };
  });
  std::atomic<int> unrecorded{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kWriters; ++t) {
    // One group each: the next writer starts once this one's commit is
    // captured (and it waits for its record).
    if (t > 0) {
      std::unique_lock lock(mu);
      REQUIRE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return captures == t; }));
    }
    threads.emplace_back([&, t] {
      long long rows_at_write = 0;
      Status st = d.Write([&](SQLite::Database& c) -> Status {
        SQLite::Statement ins(c, "INSERT INTO t (k) VALUES (?)");
        ins.bind(1, t);
        ins.exec();
        SQLite::Statement q(c, "SELECT COUNT(*) FROM t");
        q.executeStep();
        rows_at_write = q.getColumn(0).getInt64();
        return {};
      });
      // Returned: the record has seen this commit.
      std::lock_guard lock(mu);
      if (!st.has_value() || recorded < rows_at_write) ++unrecorded;
    });
  }
  for (auto& th : threads) th.join();
  CHECK(unrecorded == 0);
  CHECK(recorded == kWriters);
  CHECK(captures == kWriters);  // one per group commit
  // The first, then one for all who waited; or two, when the newest capture
  // is handed over just after the second record began. Never one each.
  CHECK(runs <= 3);
}
