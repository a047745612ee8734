// What anyone can send stays bounded, over HTTP, with many clients
// simulated behind a trusted proxy (--trusted-proxy 127.0.0.1 and
// X-Forwarded-For, IPv4 and IPv6): a flood of token guesses leaves a bounded
// audit trail and reaches the attention list; a flood of misuse reports
// neither locks consumers out nor grows the queue past its bound, every drop
// counted; and the secretariat works the reports inbox.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/process.h"

using mark::testing::BodyJson;
using mark::testing::TestRegistry;
using nlohmann::json;

namespace {

// One integer from the registry's database, read as sqlite3 would.
long long RegistryScalar(TestRegistry& reg, const std::string& sql) {
  SQLite::Database db(reg.db().string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, sql);
  return q.executeStep() ? q.getColumn(0).getInt64() : -1;
}

// The i-th made-up client: IPv4 from 198.18.0.0/15 (benchmarking space),
// every fourth IPv6 from 2001:db8::/32.
std::string GuesserAddress(int i) {
  if (i % 4 == 3) return "2001:db8:" + std::to_string(i) + "::" + std::to_string(i % 7 + 1);
  return "198.18." + std::to_string(i / 200) + "." + std::to_string(i % 200 + 1);
}

int GuessToken(httplib::Client& c, const std::string& from, int n) {
  httplib::Headers h{{"Authorization", "Bearer mk_guess_" + std::to_string(n)}, {"X-Forwarded-For", from}};
  auto r = c.Post("/api/v1/operators", h, "{}", "application/json");
  return r ? r->status : 0;
}

json AttentionOf(TestRegistry& reg, const std::string& kind) {
  json list = BodyJson(reg.GetAuth("/api/v1/attention"));
  json items = json::array();
  for (const auto& i : list["items"])
    if (i["kind"] == kind) items.push_back(i);
  return items;
}

// From `from` behind the proxy ("": no X-Forwarded-For).
int PostReportFrom(httplib::Client& c, const std::string& from, const json& body, json* answer = nullptr) {
  httplib::Headers h;
  if (!from.empty()) h.emplace("X-Forwarded-For", from);
  auto r = c.Post("/api/v1/reports", h, body.dump(), "application/json");
  if (r && answer) *answer = json::parse(r->body, nullptr, false);
  return r ? r->status : 0;
}

}  // namespace

TEST_CASE("a flood of token guesses from many addresses: bounded audit rows, a flood on the attention list",
          "[bounds][auth][proxy]") {
  TestRegistry reg({"--trusted-proxy", "127.0.0.1"});
  // 40 guessers try 12 tokens each (the last two answered 429: locked out),
  // 150 others one each: 630 refusals from 190 addresses (all told apart:
  // fewer than 200 in the minute).
  constexpr int kHeavy = 40, kLight = 150;
  int refused = 0, blocked = 0, attempts = 0;
  auto c = reg.markd().Client();
  for (int i = 0; i < kHeavy; ++i)
    for (int n = 0; n < 12; ++n, ++attempts) {
      const int status = GuessToken(*c, GuesserAddress(i), n);
      refused += status == 401;
      blocked += status == 429;
    }
  for (int i = kHeavy; i < kHeavy + kLight; ++i, ++attempts) refused += GuessToken(*c, GuesserAddress(i), 0) == 401;
  CHECK(refused == kHeavy * 10 + kLight);
  CHECK(blocked == kHeavy * 2);

  // Every attempt is counted (markd writes its counts once a second)...
  CHECK(mark::testing::WaitUntil(
      [&] { return RegistryScalar(reg, "SELECT SUM(refused + blocked) FROM auth_failures") == attempts; }));
  CHECK(RegistryScalar(reg, "SELECT SUM(blocked) FROM auth_failures") == kHeavy * 2);
  CHECK(RegistryScalar(reg, "SELECT COUNT(DISTINCT remote) FROM auth_failures") == kHeavy + kLight);
  // ...but the audit trail has one row per address that reached 10 this
  // hour, not one per guess.
  CHECK(RegistryScalar(reg, "SELECT COUNT(*) FROM audit WHERE action = 'auth.failures'") == kHeavy);
  CHECK(RegistryScalar(reg, "SELECT COUNT(*) FROM audit WHERE outcome = 'refused'") == kHeavy);
  CHECK(RegistryScalar(reg, "SELECT COUNT(*) FROM audit WHERE remote = '2001:db8:3::4'") == 1);

  json floods = AttentionOf(reg, "token_flood");
  REQUIRE(floods.size() == 1);
  CHECK(floods[0]["attempts"] == attempts);
  CHECK(floods[0]["addresses"].get<long long>() >= kHeavy + kLight);
  CHECK(BodyJson(reg.GetAuth("/api/v1/attention"))["counts"]["token_flood"] == 1);

  // More of the same this hour adds counts, not audit rows.
  for (int i = 0; i < kHeavy; ++i, ++attempts) GuessToken(*c, GuesserAddress(i), 99);
  CHECK(mark::testing::WaitUntil(
      [&] { return RegistryScalar(reg, "SELECT SUM(refused + blocked) FROM auth_failures") == attempts; }));
  CHECK(RegistryScalar(reg, "SELECT COUNT(*) FROM audit WHERE action = 'auth.failures'") == kHeavy);
  CHECK(AttentionOf(reg, "token_flood").at(0)["attempts"] == attempts);

  // The officer, behind the same proxy from an address of their own, works on.
  auto ok = reg.GetAuth("/api/v1/operators");
  REQUIRE(ok);
  CHECK(ok->status == 200);
}

TEST_CASE("a flood of misuse reports from many networks: genuine reports still stored, drops counted",
          "[bounds][reports][proxy]") {
  constexpr int kBound = 30;
  TestRegistry reg({"--trusted-proxy", "127.0.0.1", "--open-reports-max", std::to_string(kBound)});
  const std::string number = reg.GrantSample();
  // 600 reports (more than the 500 a shared allowance would take), as many
  // as the limits let through: 20 IPv4 /24 networks and 10 IPv6 /56
  // networks with 4 addresses each, every address sending 5. They repeat
  // one text on the mark or say nothing.
  constexpr int kSent = 600;
  std::vector<std::string> addresses;
  for (int net = 0; net < 20; ++net)
    for (int host = 1; host <= 4; ++host)
      addresses.push_back("198.18." + std::to_string(net) + "." + std::to_string(host));
  for (int net = 0; net < 10; ++net)
    for (int host = 1; host <= 4; ++host)
      addresses.push_back("2001:db8:1:" + std::to_string(net) + "00::" + std::to_string(host));
  std::atomic<int> created{0}, dropped{0}, other{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < 4; ++t)
    senders.emplace_back([&, t] {
      auto c = reg.markd().Client();
      for (size_t a = t; a < addresses.size(); a += 4)
        for (int n = 0; n < 5; ++n) {
          const json body = n % 2 ? json{{"number", number}, {"what", "aaaa"}}
                                  : json{{"number", number}, {"what", "THIS BADGE IS FAKE"}};
          const int status = PostReportFrom(*c, addresses[a], body);
          if (status == 201)
            ++created;
          else if (status == 202)
            ++dropped;
          else
            ++other;
        }
    });
  for (auto& s : senders) s.join();
  CHECK(other == 0);  // no 429: each address and network stayed within its limits
  CHECK(created == kBound);
  CHECK(dropped == kSent - kBound);

  // Past the limits: the sixth from an address, the 21st from a /24 or /56.
  auto c = reg.markd().Client();
  CHECK(PostReportFrom(*c, "198.18.0.1", {{"number", number}, {"what", "six"}}) == 429);
  CHECK(PostReportFrom(*c, "198.18.0.99", {{"number", number}, {"what", "a neighbour"}}) == 429);
  CHECK(PostReportFrom(*c, "2001:db8:1:0ff::9", {{"number", number}, {"what", "same /56"}}) == 429);

  // A consumer on a fresh network, IPv4 or IPv6, is heard: stored, in place
  // of a duplicate.
  json answer;
  CHECK(PostReportFrom(*c, "203.0.113.5",
                       {{"number", number}, {"seen_at", "shop.example.com"}, {"what", "バッジが知らない通販サイトに"}},
                       &answer) == 201);
  CHECK(answer["stored"] == true);
  CHECK(PostReportFrom(*c, "2001:db8:ffff:100::1", {{"number", number}, {"what", "QR on a flyer leads elsewhere"}}) ==
        201);
  CHECK(RegistryScalar(reg, "SELECT COUNT(*) FROM reports") == kBound);
  json newest = BodyJson(reg.GetAuth("/api/v1/reports?status=new&limit=2"));
  REQUIRE(newest["items"].size() == 2);
  CHECK(newest["items"][0]["what"] == "QR on a flyer leads elsewhere");
  CHECK(newest["items"][1]["seen_at"] == "shop.example.com");
  // A flood report arriving now is dropped, and says so.
  CHECK(PostReportFrom(*c, "203.0.113.77", {{"number", number}, {"what", "this badge is fake"}}, &answer) == 202);
  CHECK(answer["stored"] == false);
  CHECK(answer["reason"] == "duplicate");

  // Every drop is on the attention list, and every open report.
  json drops = AttentionOf(reg, "reports_dropped");
  REQUIRE(drops.size() == 1);
  CHECK(drops[0]["dropped"] == kSent - kBound + 2 + 1);
  CHECK(drops[0]["duplicate"].get<long long>() + drops[0]["without_text"].get<long long>() == kSent - kBound + 2 + 1);
  CHECK(drops[0]["queue_full"] == 0);
  json counts = BodyJson(reg.GetAuth("/api/v1/attention"))["counts"];
  CHECK(counts["open_reports"] == kBound);
  CHECK(counts["reports_dropped"] == 1);
}

TEST_CASE("the secretariat's reports inbox: by status, moved with notes, audited, idempotent", "[bounds][reports]") {
  TestRegistry reg;
  const std::string number = reg.GrantSample();
  auto c = reg.markd().Client();
  json first, second;
  REQUIRE(PostReportFrom(*c, "", {{"number", number}, {"what", "badge on a site that is not theirs"}}, &first) == 201);
  REQUIRE(PostReportFrom(*c, "", {{"number", "J9999"}, {"what", "a number nobody has"}}, &second) == 201);
  const std::string id = first["id"];

  json all = BodyJson(reg.GetAuth("/api/v1/reports?status=new"));
  REQUIRE(all["items"].size() == 2);
  CHECK(all["items"][0]["id"] == second["id"]);  // newest first
  CHECK(all["items"][1]["status"] == "new");
  CHECK(all["items"][1]["updated_at"].is_null());

  // Investigating, with an Idempotency-Key: the retry answers the same, once.
  const std::string body = json{{"status", "investigating"}, {"note", "asked the operator"}}.dump();
  auto moved = reg.Patch("/api/v1/reports/" + id, body, "", {{"Idempotency-Key", "inbox-move-1"}});
  REQUIRE(moved);
  CHECK(moved->status == 200);
  json report = BodyJson(moved);
  CHECK(report["status"] == "investigating");
  CHECK(report["note"] == "asked the operator");
  CHECK(report["updated_by"] == "test-secretariat");
  auto again = reg.Patch("/api/v1/reports/" + id, body, "", {{"Idempotency-Key", "inbox-move-1"}});
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(again->get_header_value("Idempotent-Replayed") == "true");
  CHECK(BodyJson(again) == report);
  // Without the key, the same move is refused: it is investigating already.
  CHECK(reg.Patch("/api/v1/reports/" + id, body)->status == 409);

  // Closing needs a note; the problem names the field.
  auto silent = reg.Patch("/api/v1/reports/" + id, json{{"status", "closed"}}.dump());
  REQUIRE(silent);
  CHECK(silent->status == 400);
  CHECK(BodyJson(silent)["errors"][0]["field"] == "note");
  CHECK(reg.Patch("/api/v1/reports/" + id, json{{"status", "closed"}, {"note", "removed"}}.dump())->status == 200);
  CHECK(reg.Patch("/api/v1/reports/999999", json{{"status", "closed"}, {"note", "x"}}.dump())->status == 404);
  CHECK(reg.Patch("/api/v1/reports/" + id, "{\"status\": 3}")->status == 400);

  // Auditors read, never move; the public neither.
  const std::string auditor = reg.CreateToken("auditor", "inbox-auditor");
  CHECK(reg.GetAuth("/api/v1/reports?status=closed", auditor)->status == 200);
  CHECK(reg.Patch("/api/v1/reports/" + id, json{{"status", "investigating"}, {"note", "x"}}.dump(), auditor)->status ==
        403);
  CHECK(c->Patch(("/api/v1/reports/" + id).c_str(), body, "application/json")->status == 401);

  json closed = BodyJson(reg.GetAuth("/api/v1/reports?status=closed"));
  REQUIRE(closed["items"].size() == 1);
  CHECK(closed["items"][0]["note"] == "removed");
  CHECK(BodyJson(reg.GetAuth("/api/v1/reports?status=open"))["items"].size() == 1);
  CHECK(reg.GetAuth("/api/v1/reports?status=done")->status == 400);

  // The open one is on the attention list; the moves are in the audit trail.
  json open = AttentionOf(reg, "open_reports");
  REQUIRE(open.size() == 1);
  CHECK(open[0]["report_id"] == second["id"]);
  CHECK(open[0]["mark"].is_null());
  int moves = 0;
  const json audit = BodyJson(reg.GetAuth("/api/v1/audit?limit=100"));  // kept: the loop reads inside it
  for (const auto& a : audit["items"])
    moves += a["action"] == "report.update" && a["outcome"] == "ok" && a["target"] == "reports/" + id;
  CHECK(moves == 2);
}
