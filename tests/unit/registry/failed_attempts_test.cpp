// Refused tokens are counted per address and minute, audited at most once
// per address and hour past a threshold (at most 101 rows an hour), floods
// reach the attention list, and everything is pruned in time
// (registry/failed_attempts.h, retention.h), on a FixedClock.
#include "registry/failed_attempts.h"

#include <catch2/catch.hpp>

#include "common/jst.h"
#include "registry/attention.h"
#include "registry/retention.h"
#include "support/temp_dir.h"

using namespace mark;
using namespace mark::registry;

namespace {

struct AttemptsFixture {
  testing::TempDir dir;
  // Mid-hour, mid-minute: 10:20:30 UTC.
  FixedClock clock{*ParseInstant("2026-04-01T10:20:30Z")};
  std::unique_ptr<storage::Database> db = std::move(storage::Database::Open((dir / "r.db").string()).value());
  FailedAttempts attempts{*db, clock};

  long long Scalar(const std::string& sql) {
    long long n = 0;
    REQUIRE(db->Read([&](SQLite::Database& c) {
      SQLite::Statement q(c, sql);
      REQUIRE(q.executeStep());
      n = q.getColumn(0).getInt64();
      return Status{};
    }));
    return n;
  }
  long long AuditRows() { return Scalar("SELECT COUNT(*) FROM audit WHERE action = 'auth.failures'"); }
  void Fail(const std::string& addr, int times, AttemptOutcome outcome = AttemptOutcome::kRefused) {
    for (int i = 0; i < times; ++i) attempts.Record(addr, outcome);
  }
  AttentionList Attention() {
    auto list = CollectAttention(*db, clock.Now());
    REQUIRE(list);
    return *list;
  }
};

std::string Address(int i) { return "198.51." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1); }

}  // namespace

TEST_CASE("attempts are counted per address and minute, written by Flush", "[failed_attempts]") {
  AttemptsFixture f;
  f.Fail("198.51.100.1", 3);
  f.Fail("198.51.100.1", 2, AttemptOutcome::kBlocked);
  f.Fail("2001:db8::1", 1);
  CHECK(f.Scalar("SELECT COUNT(*) FROM auth_failures") == 0);  // counted in memory only
  REQUIRE(f.attempts.Flush());
  CHECK(f.Scalar("SELECT refused FROM auth_failures WHERE remote = '198.51.100.1'") == 3);
  CHECK(f.Scalar("SELECT blocked FROM auth_failures WHERE remote = '198.51.100.1'") == 2);
  CHECK(f.Scalar("SELECT COUNT(*) FROM auth_failures WHERE minute = '2026-04-01T10:20:00Z'") == 2);
  // The same minute adds up; the next minute is a row of its own.
  f.Fail("198.51.100.1", 1);
  REQUIRE(f.attempts.Flush());
  CHECK(f.Scalar("SELECT refused FROM auth_failures WHERE remote = '198.51.100.1'") == 4);
  f.clock.Advance(std::chrono::minutes(1));
  f.Fail("198.51.100.1", 1);
  REQUIRE(f.attempts.Flush());
  CHECK(f.Scalar("SELECT COUNT(*) FROM auth_failures WHERE remote = '198.51.100.1'") == 2);
  CHECK(f.AuditRows() == 0);    // 7 attempts: below the threshold
  REQUIRE(f.attempts.Flush());  // nothing pending: nothing written
}

TEST_CASE("an address gets one audit row per hour once it reaches the threshold", "[failed_attempts]") {
  AttemptsFixture f;
  f.Fail("198.51.100.7", static_cast<int>(FailedAttempts::kAuditThreshold) - 1);
  REQUIRE(f.attempts.Flush());
  CHECK(f.AuditRows() == 0);
  f.clock.Advance(std::chrono::minutes(5));  // same hour, another minute
  f.Fail("198.51.100.7", 1);
  REQUIRE(f.attempts.Flush());
  REQUIRE(f.AuditRows() == 1);
  auto detail = [&] {
    std::string d;
    REQUIRE(f.db->Read([&](SQLite::Database& c) {
      SQLite::Statement q(c,
                          "SELECT remote, detail, outcome FROM audit WHERE action = 'auth.failures' ORDER BY id DESC");
      REQUIRE(q.executeStep());
      CHECK(q.getColumn(0).getString() == "198.51.100.7");
      CHECK(q.getColumn(2).getString() == "refused");
      d = q.getColumn(1).getString();
      return Status{};
    }));
    return d;
  };
  CHECK_THAT(detail(), Catch::Contains("10 refused token attempts") && Catch::Contains("2026-04-01T10:00:00Z"));
  // Hundreds more this hour: still one row.
  f.Fail("198.51.100.7", 500, AttemptOutcome::kBlocked);
  REQUIRE(f.attempts.Flush());
  CHECK(f.AuditRows() == 1);
  // The next hour: one more once it reaches the threshold again.
  f.clock.Advance(std::chrono::hours(1));
  f.Fail("198.51.100.7", 9);
  REQUIRE(f.attempts.Flush());
  CHECK(f.AuditRows() == 1);
  f.Fail("198.51.100.7", 1, AttemptOutcome::kBlocked);
  REQUIRE(f.attempts.Flush());
  CHECK(f.AuditRows() == 2);
  CHECK_THAT(detail(), Catch::Contains("(9 without a valid token, 1 while locked out)"));
}

TEST_CASE("at most 100 addresses an hour get an audit row, then one row for the rest", "[failed_attempts]") {
  AttemptsFixture f;
  for (int i = 0; i < 130; ++i) f.Fail(Address(i), static_cast<int>(FailedAttempts::kAuditThreshold));
  REQUIRE(f.attempts.Flush());
  CHECK(f.AuditRows() == FailedAttempts::kMaxAuditRowsPerHour + 1);
  CHECK(f.Scalar("SELECT COUNT(*) FROM audit WHERE action = 'auth.failures' AND remote = '*'") == 1);
  // More addresses the same hour add nothing.
  for (int i = 130; i < 160; ++i) f.Fail(Address(i), static_cast<int>(FailedAttempts::kAuditThreshold));
  REQUIRE(f.attempts.Flush());
  CHECK(f.AuditRows() == FailedAttempts::kMaxAuditRowsPerHour + 1);
}

TEST_CASE("past 200 addresses in a minute the rest are summed under '*'", "[failed_attempts]") {
  AttemptsFixture f;
  for (int i = 0; i < 260; ++i) f.Fail(Address(i), 2);
  REQUIRE(f.attempts.Flush());
  CHECK(f.Scalar("SELECT COUNT(*) FROM auth_failures") == FailedAttempts::kMaxAddressesPerMinute + 1);
  CHECK(f.Scalar("SELECT refused FROM auth_failures WHERE remote = '*'") == 120);
  CHECK(f.Scalar("SELECT SUM(refused) FROM auth_failures") == 520);
  // An address told apart before the cap stays apart.
  f.Fail(Address(0), 1);
  REQUIRE(f.attempts.Flush());
  CHECK(f.Scalar("SELECT refused FROM auth_failures WHERE remote = '" + Address(0) + "'") == 3);
  // A new minute tells new addresses apart again.
  f.clock.Advance(std::chrono::minutes(1));
  f.Fail(Address(259), 1);
  REQUIRE(f.attempts.Flush());
  CHECK(f.Scalar("SELECT COUNT(*) FROM auth_failures WHERE remote = '" + Address(259) + "'") == 1);
}

TEST_CASE("a flood is many addresses or many attempts within ten minutes", "[failed_attempts][attention]") {
  AttemptsFixture f;
  auto floods = [&] { return f.Scalar("SELECT COUNT(*) FROM token_floods"); };
  SECTION("addresses") {
    for (int i = 0; i < FailedAttempts::kFloodAddresses - 1; ++i) {
      f.Fail(Address(i), 1);
      f.clock.Advance(std::chrono::seconds(25));  // 19 addresses over 7.5 minutes
    }
    REQUIRE(f.attempts.Flush());
    CHECK(floods() == 0);
    CHECK(f.Attention().counts.at(AttentionKind::kTokenFlood) == 0);
    f.Fail(Address(99), 1);
    REQUIRE(f.attempts.Flush());
    CHECK(floods() == 1);
    AttentionList list = f.Attention();
    CHECK(list.counts.at(AttentionKind::kTokenFlood) == 1);
    const nlohmann::json j = AttentionJson(list);
    nlohmann::json item;
    for (const auto& i : j["items"])
      if (i["kind"] == "token_flood") item = i;
    REQUIRE(item.is_object());
    CHECK(item["addresses"] == FailedAttempts::kFloodAddresses);
    CHECK(item["attempts"] == FailedAttempts::kFloodAddresses);
    CHECK_THAT(item["detail"].get<std::string>(), Catch::Contains("20 addresses"));
  }
  SECTION("addresses spread wider than the window are no flood") {
    for (int i = 0; i < 30; ++i) {
      f.Fail(Address(i), 1);
      REQUIRE(f.attempts.Flush());
      f.clock.Advance(std::chrono::minutes(1));  // at most 10 in any window
    }
    CHECK(floods() == 0);
  }
  SECTION("attempts from one address that ignores 429") {
    f.Fail("203.0.113.9", static_cast<int>(FailedAttempts::kFloodAttempts) - 1, AttemptOutcome::kBlocked);
    REQUIRE(f.attempts.Flush());
    CHECK(floods() == 0);
    f.Fail("203.0.113.9", 1, AttemptOutcome::kBlocked);
    REQUIRE(f.attempts.Flush());
    CHECK(floods() == 1);
    CHECK(f.Scalar("SELECT attempts FROM token_floods") == FailedAttempts::kFloodAttempts);
    // It goes on: the same flood grows.
    f.clock.Advance(std::chrono::minutes(30));
    f.Fail("203.0.113.9", 250, AttemptOutcome::kBlocked);
    REQUIRE(f.attempts.Flush());
    CHECK(floods() == 1);
    CHECK(f.Scalar("SELECT attempts FROM token_floods") == FailedAttempts::kFloodAttempts + 250);
    // After a quiet hour, a new flood is a new item.
    f.clock.Advance(std::chrono::minutes(61));
    f.Fail("203.0.113.9", 200, AttemptOutcome::kBlocked);
    REQUIRE(f.attempts.Flush());
    CHECK(floods() == 2);
    CHECK(f.Attention().counts.at(AttentionKind::kTokenFlood) == 2);
  }
}

TEST_CASE("counts go after 30 days, floods 7 days after they end", "[failed_attempts][retention]") {
  AttemptsFixture f;
  f.Fail("203.0.113.9", 300);
  REQUIRE(f.attempts.Flush());
  REQUIRE(f.Scalar("SELECT COUNT(*) FROM token_floods") == 1);
  REQUIRE(f.AuditRows() == 1);
  auto pruned = PruneExpired(*f.db, f.clock.Now());
  REQUIRE(pruned);
  CHECK(*pruned == 0);
  f.clock.Advance(std::chrono::hours(24 * 7) - std::chrono::minutes(1));
  CHECK(PruneExpired(*f.db, f.clock.Now()).value() == 0);
  f.clock.Advance(std::chrono::minutes(2));
  CHECK(PruneExpired(*f.db, f.clock.Now()).value() == 1);
  CHECK(f.Scalar("SELECT COUNT(*) FROM token_floods") == 0);
  CHECK(f.Attention().counts.at(AttentionKind::kTokenFlood) == 0);
  CHECK(f.Scalar("SELECT COUNT(*) FROM auth_failures") == 1);
  f.clock.Advance(std::chrono::hours(24 * 23));
  CHECK(PruneExpired(*f.db, f.clock.Now()).value() == 2);  // the count and its hour's audit marker
  CHECK(f.Scalar("SELECT COUNT(*) FROM auth_failures") == 0);
  CHECK(f.AuditRows() == 1);  // the audit trail itself is kept for good
}
