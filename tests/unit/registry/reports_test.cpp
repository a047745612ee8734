// Misuse reports: what counts as a duplicate or as "without text", the
// bounded queue of open reports (what is dropped first, what makes room,
// every drop counted on the attention list), the lifecycle and its audit
// (registry/reports.h), on a FixedClock.
#include "registry/reports.h"

#include <catch2/catch.hpp>

#include "common/jst.h"
#include "crypto/key_store.h"
#include "registry/attention.h"
#include "storage/audit.h"
#include "registry/retention.h"
#include "publish/signing_issuer.h"
#include "support/signing_registry.h"

using namespace mark;
using namespace mark::registry;
using mark::publish::SigningIssuer;
using nlohmann::json;

namespace {

struct ReportsFixture : testing::SigningRegistry {
  ReportsFixture() { req.actor.name = "secretariat-tanaka"; }

  StoreOutcome Store(const std::string& number, const std::string& what, const std::string& seen_at = "",
                     long long bound = 5) {
    MisuseReport r;
    r.number = number;
    r.what = what;
    r.seen_at = seen_at;
    auto out = StoreMisuseReport(*db, r, clock.Now(), bound);
    REQUIRE(out);
    return *out;
  }
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
  long long Open() { return Scalar("SELECT COUNT(*) FROM reports WHERE status <> 'closed'"); }
  json AttentionItems(const std::string& kind) {
    auto list = CollectAttention(*db, clock.Now());
    REQUIRE(list);
    json items = json::array();
    const json all = AttentionJson(*list);  // kept: the loop reads inside it
    for (const auto& i : all["items"])
      if (i["kind"] == kind) items.push_back(i);
    return items;
  }
};

MisuseReport ReportOf(const std::string& what, const std::string& seen_at = "") {
  MisuseReport r;
  r.number = "J0001";
  r.what = what;
  r.seen_at = seen_at;
  return r;
}

}  // namespace

TEST_CASE("a report without text has no seen_at and next to no text", "[reports]") {
  CHECK(IsWithoutText(ReportOf("test")));
  CHECK(IsWithoutText(ReportOf("a b c d")));           // 4 characters besides spaces
  CHECK(IsWithoutText(ReportOf("!!!!!!!!!!!!")));      // one character, repeated
  CHECK(IsWithoutText(ReportOf("ああああいいいい")));  // two different ones
  CHECK(IsWithoutText(ReportOf("x　\ty\n")));
  CHECK_FALSE(IsWithoutText(ReportOf("偽のシール")));  // five, all different
  CHECK_FALSE(IsWithoutText(ReportOf("fake badge")));
  CHECK_FALSE(IsWithoutText(ReportOf("x", "shop.example.com")));  // where it was seen is text
}

TEST_CASE("duplicates: white space and ASCII case do not count", "[reports]") {
  CHECK(DuplicateKey("Fake  badge\non a shop") == DuplicateKey("  fake badge on A SHOP "));
  CHECK(DuplicateKey("偽物　です") == DuplicateKey("偽物 です"));
  CHECK(DuplicateKey("fake badge") != DuplicateKey("fake badges"));
  CHECK(DuplicateKey("ＡＢＣ") != DuplicateKey("abc"));  // full-width stays as typed
  CHECK(DuplicateKey("x").size() == 32);
}

TEST_CASE("below the bound every report is stored, duplicates and empty ones too", "[reports]") {
  ReportsFixture f;
  CHECK(f.Store("J0001", "same text").id > 0);
  CHECK(f.Store("J0001", "same text").id > 0);
  CHECK(f.Store("J0001", "x").id > 0);
  CHECK(f.Open() == 3);
  CHECK(f.Scalar("SELECT COUNT(*) FROM report_drops") == 0);
}

TEST_CASE("at the bound duplicates go first, then reports without text", "[reports][attention]") {
  ReportsFixture f;
  // The queue: two originals, a duplicate, two without text.
  f.Store("J0001", "a copycat shop shows the badge", "shop.example.com");
  f.Store("J0002", "QR leads to a lookalike site");
  f.Store("J0001", "A copycat shop  shows the badge");  // duplicate of the first
  f.Store("J0003", "test");
  f.Store("J0003", "??");
  REQUIRE(f.Open() == 5);

  // Arriving at the bound: a duplicate is dropped; so is one without text.
  auto dup = f.Store("J0002", "qr leads to a LOOKALIKE site");
  CHECK(dup.id == 0);
  CHECK(dup.dropped == ReportDrop::kDuplicate);
  auto empty = f.Store("J0009", "aaaa");
  CHECK(empty.id == 0);
  CHECK(empty.dropped == ReportDrop::kWithoutText);
  // The same text on another mark is no duplicate; with text, it makes room
  // by deleting the newest duplicate still new.
  auto other = f.Store("J0004", "a copycat shop shows the badge");
  CHECK(other.id > 0);
  CHECK(other.evicted == ReportDrop::kDuplicate);
  CHECK(f.Open() == 5);
  CHECK(f.Scalar("SELECT COUNT(*) FROM reports WHERE what = 'A copycat shop  shows the badge'") == 0);
  // Then the newest without text.
  CHECK(f.Store("J0005", "a sticker on a cafe door").evicted == ReportDrop::kWithoutText);
  CHECK(f.Scalar("SELECT COUNT(*) FROM reports WHERE what = '?' || '?'") == 0);
  CHECK(f.Store("J0006", "badge on a page that sells phones").evicted == ReportDrop::kWithoutText);
  // Nothing left to make room with: the report with text is dropped too.
  auto full = f.Store("J0007", "another genuine report");
  CHECK(full.id == 0);
  CHECK(full.dropped == ReportDrop::kQueueFull);
  CHECK(f.Open() == 5);

  // Every drop counted for the day, on the attention list.
  json drops = f.AttentionItems("reports_dropped");
  REQUIRE(drops.size() == 1);
  CHECK(drops[0]["day"] == FormatDate(JstDate(f.clock.Now())));
  CHECK(drops[0]["dropped"] == 6);
  CHECK(drops[0]["duplicate"] == 2);
  CHECK(drops[0]["without_text"] == 3);
  CHECK(drops[0]["queue_full"] == 1);
  CHECK(f.AttentionItems("open_reports").size() == 5);

  // Closing one makes room again.
  const long long id = f.Scalar("SELECT MIN(id) FROM reports");
  REQUIRE(UpdateMisuseReport(f.registry, id, {{"status", "closed"}, {"note", "handled"}}, f.req));
  CHECK(f.Store("J0007", "another genuine report").id > 0);

  // The tally is shown for a week, then pruned.
  f.clock.Advance(std::chrono::hours(24 * 6));
  CHECK(PruneExpired(*f.db, f.clock.Now()).value() == 0);
  f.clock.Advance(std::chrono::hours(24));
  CHECK(PruneExpired(*f.db, f.clock.Now()).value() == 3);
  CHECK(f.AttentionItems("reports_dropped").empty());
}

TEST_CASE("open reports are on the attention list until closed", "[reports][attention]") {
  ReportsFixture f;
  f.Store("J0404", "a mark number nobody has", "fake.example.com");
  json items = f.AttentionItems("open_reports");
  REQUIRE(items.size() == 1);
  CHECK(items[0]["mark"].is_null());  // not a registered mark
  CHECK(items[0]["number"] == "J0404");
  CHECK(items[0]["status"] == "new");
  CHECK_THAT(items[0]["detail"].get<std::string>(),
             Catch::Contains("fake.example.com") && Catch::Contains("not a registered mark"));
  const long long id = std::stoll(items[0]["report_id"].get<std::string>());
  REQUIRE(UpdateMisuseReport(f.registry, id, {{"status", "investigating"}}, f.req));
  CHECK(f.AttentionItems("open_reports")[0]["status"] == "investigating");
  REQUIRE(UpdateMisuseReport(f.registry, id, {{"status", "closed"}, {"note", "no such mark; told the shop"}}, f.req));
  CHECK(f.AttentionItems("open_reports").empty());
}

TEST_CASE("a report moves new, investigating, closed, with notes, audited", "[reports]") {
  ReportsFixture f;
  const long long id = f.Store("J0001", "badge on a site not in the registry").id;
  auto move = [&](const json& body) { return UpdateMisuseReport(f.registry, id, body, f.req); };

  auto investigating = move({{"status", "investigating"}, {"note", "asked the operator"}});
  REQUIRE(investigating);
  CHECK(investigating->body["status"] == "investigating");
  CHECK(investigating->body["note"] == "asked the operator");
  CHECK(investigating->body["updated_by"] == "secretariat-tanaka");
  CHECK(investigating->body["updated_at"] == FormatInstant(f.clock.Now()));

  // Back to new: no. Closing without a note: no. The same status with no new note: no.
  auto back = move({{"status", "new"}});
  REQUIRE_FALSE(back);
  CHECK(back.error().code == ErrorCode::kConflict);
  auto silent = move({{"status", "closed"}});
  REQUIRE_FALSE(silent);
  CHECK(silent.error().code == ErrorCode::kInvalid);
  CHECK(silent.error().fields.at(0).field == "note");
  auto same = move({{"status", "investigating"}});
  REQUIRE_FALSE(same);
  CHECK(same.error().code == ErrorCode::kConflict);
  // A new note alone is fine.
  REQUIRE(move({{"status", "investigating"}, {"note", "operator answered"}}));

  auto closed = move({{"status", "closed"}, {"note", "the operator removed the badge"}});
  REQUIRE(closed);
  CHECK(closed->body["status"] == "closed");
  // Reopened, it is investigated again.
  CHECK_FALSE(move({{"status", "new"}}));
  REQUIRE(move({{"status", "investigating"}, {"note", "seen again"}}));

  // Bad bodies name the field.
  for (const json& bad : {json{{"status", "done"}}, json{{"note", "x"}}, json{{"status", "closed"}, {"note", 5}},
                          json{{"status", "closed"}, {"note", "x"}, {"owner", "me"}}}) {
    auto r = move(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kInvalid);
    CHECK_FALSE(r.error().fields.empty());
  }
  auto missing = UpdateMisuseReport(f.registry, id + 100, {{"status", "closed"}, {"note", "x"}}, f.req);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ErrorCode::kNotFound);

  // Each move is in the audit trail with what it did.
  auto audit = storage::ListAudit(*f.db, 0, 50);
  REQUIRE(audit);
  int moves = 0;
  for (const auto& a : *audit) {
    if (a.action != "report.update" || a.outcome != "ok") continue;
    ++moves;
    CHECK(a.target == "reports/" + std::to_string(id));
    CHECK(a.actor == "secretariat-tanaka");
  }
  CHECK(moves == 4);
  bool closing = false;
  for (const auto& a : *audit)
    closing = closing ||
              (a.action == "report.update" && a.detail == "investigating -> closed: the operator removed the badge");
  CHECK(closing);

  // Listing by status, newest first.
  f.Store("J0002", "another one with text");
  auto open = ListMisuseReports(*f.db, ReportQuery{{}, true, 0, 10});
  REQUIRE(open);
  CHECK(open->size() == 2);
  auto fresh = ListMisuseReports(*f.db, ReportQuery{ReportStatus::kNew, false, 0, 10});
  REQUIRE(fresh);
  REQUIRE(fresh->size() == 1);
  CHECK(fresh->at(0).number == "J0002");
}
