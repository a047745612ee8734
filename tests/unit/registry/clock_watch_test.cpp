// The clock against the registry's last change (registry/clock_watch.h): the
// decision in whole seconds, and what the registry does with it on a fixed
// clock set back and forward again.
#include "registry/clock_watch.h"

#include <catch2/catch.hpp>

#include <SQLiteCpp/Statement.h>

#include "crypto/key_store.h"
#include "storage/audit.h"
#include "registry/mark_number.h"
#include "registry/registry.h"
#include "publish/signing_issuer.h"
#include "publish/status_publisher.h"
#include "support/temp_dir.h"

using namespace mark;
using namespace mark::registry;
using mark::publish::SigningIssuer;
using mark::publish::StatusPublisher;
using nlohmann::json;

namespace {

const Instant kNoon = *ParseInstant("2026-06-01T12:00:00+09:00");

struct ClockFixture {
  testing::TempDir dir;
  FixedClock clock{kNoon};
  std::unique_ptr<storage::Database> db = std::move(storage::Database::Open((dir / "r.db").string()).value());
  crypto::KeyStore keys = crypto::KeyStore::FromSigner(crypto::Signer::FromSeed(std::string(32, '\x07')).value());
  SigningIssuer signing{keys, "https://mark.example.jp"};
  Registry registry{*db, clock, signing, {"https://mark.example.jp"}};
  registry::WriteRequest req{{"tester", ""}, "", ""};
  int counter = 0;

  Result<registry::WriteResult> NewOperator() {
    ++counter;
    return registry.CreateOperator({{"name", "時計試験" + std::to_string(counter)},
                                    {"name_en", "Clock Test " + std::to_string(counter)},
                                    {"website", "https://clock.example.jp/"}},
                                   req);
  }

  // An imported mark valid from `from` for a year; its number.
  std::string ImportedMark(const std::string& from) {
    auto op = NewOperator();
    REQUIRE(op);
    auto svc = registry.CreateService({{"operator_id", op->body["id"]},
                                       {"scheme", "isp"},
                                       {"name", "時計光"},
                                       {"name_en", "Clock Hikari"},
                                       {"domains", {"clock" + std::to_string(counter) + ".example.jp"}}},
                                      req);
    REQUIRE(svc);
    const std::string number = FormatMarkNumber({'J', 100 + counter});
    auto m = registry.Grant({{"service_id", svc->body["id"]},
                             {"first_review_body", "JAIPA"},
                             {"basis", "import"},
                             {"number", number},
                             {"valid_from", from}},
                            req);
    REQUIRE(m);
    return number;
  }

  std::optional<Instant> LastChange() {
    std::optional<Instant> at;
    REQUIRE(db->Read([&](SQLite::Database& c) {
      at = LastChangeAt(c);
      return Status{};
    }));
    return at;
  }

  MarkView View(const std::string& number) {
    auto v = registry.GetMark(number);
    REQUIRE(v);
    return *v;
  }
};

}  // namespace

TEST_CASE("the clock is behind only when more than 120 s earlier than the last change, in whole seconds",
          "[registry][clock]") {
  const Instant last = kNoon;
  CHECK_FALSE(JudgeClock(last, std::nullopt).behind);  // nothing committed yet
  CHECK(JudgeClock(last, std::nullopt).behind_by == Seconds{0});
  CHECK_FALSE(JudgeClock(last, last).behind);
  CHECK(JudgeClock(last + Seconds{3600}, last).behind_by == Seconds{0});  // ahead is in step

  const ClockStanding at_edge = JudgeClock(last - Seconds{120}, last);
  CHECK(at_edge.behind_by == Seconds{120});
  CHECK_FALSE(at_edge.behind);
  const ClockStanding past_edge = JudgeClock(last - Seconds{121}, last);
  CHECK(past_edge.behind_by == Seconds{121});
  CHECK(past_edge.behind);
  // A reading within a second counts as that second, as stored instants do.
  CHECK_FALSE(JudgeClock(last - Seconds{120} + std::chrono::milliseconds{999}, last).behind);
  CHECK(JudgeClock(last - Seconds{121} + std::chrono::milliseconds{999}, last).behind);
  CHECK(JudgeClock(last - std::chrono::hours{24}, last).behind_by == Seconds{86400});

  CHECK(ClockBehindFacts(past_edge) ==
        "the clock is behind the registry's last change by 121 seconds (clock 2026-06-01T02:57:59Z, last change "
        "2026-06-01T03:00:00Z)");
}

TEST_CASE("every write moves the last change forward, never back", "[registry][clock]") {
  ClockFixture f;
  CHECK_FALSE(f.LastChange());
  REQUIRE(f.NewOperator());
  CHECK(f.LastChange() == kNoon);

  // Back by exactly 120 s: still in step, so written, but the last change stays.
  f.clock.Set(kNoon - Seconds{120});
  REQUIRE(f.NewOperator());
  CHECK(f.LastChange() == kNoon);

  // 121 s: refused, nothing written.
  f.clock.Set(kNoon - Seconds{121});
  auto refused = f.NewOperator();
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ErrorCode::kClockBehind);
  CHECK(refused.error().message.find("behind the registry's last change by 121 seconds") != std::string::npos);
  CHECK(refused.error().message.find("markctl clock accept-earlier") != std::string::npos);
  auto operators = f.registry.ListOperators();
  REQUIRE(operators);
  CHECK(operators->size() == 2);

  f.clock.Set(kNoon + Seconds{5});
  REQUIRE(f.NewOperator());
  CHECK(f.LastChange() == kNoon + Seconds{5});
}

TEST_CASE("an expired mark does not read valid again on a clock set back: time-dependent statuses are unknown",
          "[registry][clock]") {
  ClockFixture f;
  // Valid through 2026-06-01 (imported from a year earlier), so expired tomorrow.
  const std::string lapsing = f.ImportedMark("2025-06-02");
  const std::string suspended = f.ImportedMark("2026-06-01");
  REQUIRE(f.registry.Suspend(suspended, {{"reason", "調査中"}}, f.req));
  const std::string future = f.ImportedMark("2026-07-01");

  // The next day: the first mark has expired, and a change is committed.
  f.clock.Set(kNoon + std::chrono::hours{24});
  REQUIRE(f.View(lapsing).status == MarkStatus::kExpired);
  REQUIRE(f.NewOperator());

  // Set back a day: the old reading would be valid again.
  f.clock.Set(kNoon);
  for (const std::string& n : {lapsing, future}) {
    const MarkView v = f.View(n);
    CHECK(v.status == MarkStatus::kUnknown);
    CHECK(v.status_reason == "clock_behind");
    CHECK(f.registry.MarkJson(v)["status"] == "unknown");
    CHECK(f.registry.MarkJson(v)["status_reason"] == "clock_behind");
  }
  // A suspension does not depend on the time: it stands.
  CHECK(f.View(suspended).status == MarkStatus::kSuspended);
  CHECK(f.View(suspended).status_reason.empty());

  SearchQuery all;
  auto page = f.registry.Search(all);
  REQUIRE(page);
  REQUIRE(page->items.size() == 3);
  for (const MarkView& v : page->items)
    CHECK(v.status == (v.mark.number == suspended ? MarkStatus::kSuspended : MarkStatus::kUnknown));
  SearchQuery valid;
  valid.status = MarkStatus::kValid;
  auto none = f.registry.Search(valid);
  REQUIRE(none);
  CHECK(none->items.empty());
  SearchQuery unknown;
  unknown.status = MarkStatus::kUnknown;
  auto found = f.registry.Search(unknown);
  REQUIRE(found);
  CHECK(found->items.size() == 2);

  // Nothing signed that carries the time.
  StatusPublisher publisher(f.registry, f.keys, "https://mark.example.jp");
  auto statement = publisher.Statement(lapsing);
  REQUIRE_FALSE(statement);
  CHECK(statement.error().code == ErrorCode::kClockBehind);
  auto list = publisher.SignedList();
  REQUIRE_FALSE(list);
  CHECK(list.error().code == ErrorCode::kClockBehind);

  // Forward again: the statuses as they are.
  f.clock.Set(kNoon + std::chrono::hours{24});
  CHECK(f.View(lapsing).status == MarkStatus::kExpired);
  CHECK(f.View(lapsing).status_reason.empty());
  CHECK(f.View(future).status == MarkStatus::kNotYetValid);
  CHECK(publisher.Statement(lapsing));
  CHECK(publisher.SignedList());
  SearchQuery expired;
  expired.status = MarkStatus::kExpired;
  auto expired_page = f.registry.Search(expired);
  REQUIRE(expired_page);
  CHECK(expired_page->items.size() == 1);
}

TEST_CASE("the watch says so once when the clock falls behind and once when it is back", "[registry][clock]") {
  ClockFixture f;
  const std::string number = f.ImportedMark("2026-01-01");
  std::vector<bool> notices;
  f.registry.clock_watch().OnChange([&](const ClockStanding& s) { notices.push_back(s.behind); });
  CHECK_FALSE(f.registry.clock_watch().Check().behind);
  CHECK(notices.empty());  // in step at the start: nothing to say

  f.clock.Set(kNoon - std::chrono::hours{24});
  for (int i = 0; i < 3; ++i) {
    CHECK(f.registry.clock_watch().Check().behind);
    CHECK(f.View(number).status == MarkStatus::kUnknown);
    CHECK_FALSE(f.NewOperator());
  }
  CHECK(notices == std::vector<bool>{true});

  f.clock.Set(kNoon);
  for (int i = 0; i < 3; ++i) CHECK(f.View(number).status == MarkStatus::kValid);
  CHECK(notices == std::vector<bool>{true, false});
}

TEST_CASE("an earlier clock is accepted with an audit record and a log entry, and writes resume", "[registry][clock]") {
  ClockFixture f;
  std::vector<bool> notices;
  f.registry.clock_watch().OnChange([&](const ClockStanding& s) { notices.push_back(s.behind); });
  // A clock that ran a day ahead committed a change.
  f.clock.Set(kNoon + std::chrono::hours{24});
  REQUIRE(f.NewOperator());
  f.clock.Set(kNoon);
  REQUIRE_FALSE(f.NewOperator());
  CHECK(f.registry.clock_watch().Check().behind);

  ClockStanding found;
  REQUIRE(f.db->Write([&](SQLite::Database& tx) {
    found = AcceptEarlierClock(tx, f.clock.Now(), "markctl", "the clock ran a day ahead");
    return Status{};
  }));
  CHECK(found.behind);
  CHECK(found.behind_by == Seconds{86400});
  CHECK(f.LastChange() == kNoon);
  CHECK_FALSE(f.registry.clock_watch().Check().behind);
  CHECK(notices == std::vector<bool>{true, false});
  REQUIRE(f.NewOperator());

  auto audit = storage::ListAudit(*f.db, 0, 10);
  REQUIRE(audit);
  bool audited = false;
  for (const storage::AuditRecord& r : *audit)
    audited = audited || (r.action == "clock.accept_earlier" && r.outcome == "ok" &&
                          r.detail.find("the clock ran a day ahead") != std::string::npos);
  CHECK(audited);
  std::string leaf;
  REQUIRE(f.db->Read([&](SQLite::Database& c) {
    SQLite::Statement q(c, "SELECT leaf_input FROM log_entries ORDER BY idx DESC LIMIT 1");
    if (q.executeStep()) leaf = q.getColumn(0).getString();
    return Status{};
  }));
  CHECK(leaf.find("clock_accepted_earlier") != std::string::npos);
  CHECK(leaf.find("\"behind_by_seconds\":86400") != std::string::npos);

  // Nothing to accept when the clock is not behind: nothing recorded.
  REQUIRE(f.db->Write([&](SQLite::Database& tx) {
    found = AcceptEarlierClock(tx, f.clock.Now(), "markctl", "");
    return Status{};
  }));
  CHECK_FALSE(found.behind);
  auto after = storage::ListAudit(*f.db, 0, 1);
  REQUIRE(after);
  CHECK(after->at(0).action != "clock.accept_earlier");
}

TEST_CASE("a database written before the last change was kept counts its newest audited change", "[registry][clock]") {
  ClockFixture f;
  REQUIRE(f.NewOperator());
  f.clock.Set(kNoon + Seconds{30});
  REQUIRE(f.NewOperator());
  REQUIRE(f.db->Write([](SQLite::Database& tx) {
    tx.exec("DELETE FROM registry_meta WHERE key = 'last_change_at'");
    return Status{};
  }));
  CHECK(f.LastChange() == kNoon + Seconds{30});
  f.clock.Set(kNoon - Seconds{200});
  CHECK(f.registry.clock_watch().Check().behind);
}
