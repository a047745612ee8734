// The registry API over real HTTP against the real markd: every
// endpoint, every error status of the contract, concurrency and restarts.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <thread>

#include "support/process.h"

using mark::testing::BodyJson;

using mark::testing::TestRegistry;
using nlohmann::json;

namespace {

bool IsProblem(const httplib::Result& r, int status) {
  return r && r->status == status && r->get_header_value("Content-Type").rfind("application/problem+json", 0) == 0 &&
         BodyJson(r).value("status", 0) == status;
}

}  // namespace

TEST_CASE("health, lookup, status and search", "[api]") {
  TestRegistry reg;
  auto health = reg.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(BodyJson(health)["status"] == "ok");

  std::string number = reg.GrantSample("isp");
  auto mark = reg.Get("/api/v1/marks/" + number);
  REQUIRE(mark);
  REQUIRE(mark->status == 200);
  CHECK(mark->get_header_value("Content-Type") == "application/json; charset=utf-8");
  json m = BodyJson(mark);
  for (const char* field : {"number", "scheme", "first_review_body", "status", "valid_from", "valid_until",
                            "granted_at", "service", "operator", "links", "certificate", "log_index"})
    CHECK(m.contains(field));
  CHECK(m["status"] == "valid");
  CHECK(m["links"]["verify"] == reg.markd().base_url() + "/v/" + number);
  for (const char* link : {"verify", "badge_svg", "badge_png", "qr_svg", "qr_png", "certificate"})
    CHECK(m["links"].contains(link));
  CHECK(m["service"]["domains"] == json::array({"example1.jp"}));

  auto status = reg.Get("/api/v1/marks/" + number + "/status");
  REQUIRE(status);
  CHECK(BodyJson(status)["status"] == "valid");
  CHECK(BodyJson(status).contains("checked_at"));

  auto by_domain = reg.Get("/api/v1/marks?domain=www.example1.jp");
  REQUIRE(by_domain);
  CHECK(BodyJson(by_domain)["items"].size() == 1);
  auto by_q = reg.Get("/api/v1/marks?q=%E3%83%86%E3%82%B9%E3%83%88");  // テスト
  REQUIRE(by_q);
  CHECK(BodyJson(by_q)["items"].size() == 1);
  CHECK(BodyJson(by_q)["next_cursor"].is_null());

  CHECK(IsProblem(reg.Get("/api/v1/marks/J9999"), 404));
  CHECK(IsProblem(reg.Get("/api/v1/marks?limit=1000"), 400));
  auto bad = reg.Get("/api/v1/marks?status=green");
  REQUIRE(IsProblem(bad, 400));
  CHECK(BodyJson(bad)["errors"][0]["field"] == "status");
  CHECK(IsProblem(reg.Get("/nowhere"), 404));
}

TEST_CASE("secretariat writes: create, grant, renew, suspend, reinstate, revoke", "[api]") {
  TestRegistry reg;
  auto op = reg.Post("/api/v1/operators", json{{"name", "株式会社テスト"},
                                               {"name_en", "Test K.K."},
                                               {"corporate_number", "4010001234567"},
                                               {"website", "https://test.example.jp/"}}
                                              .dump());
  REQUIRE(op);
  REQUIRE(op->status == 201);
  CHECK(op->get_header_value("Location") == "/api/v1/operators/" + BodyJson(op)["id"].get<std::string>());
  auto dup = reg.Post("/api/v1/operators", json{{"name", "別"},
                                                {"name_en", "Other"},
                                                {"corporate_number", "4010001234567"},
                                                {"website", "https://other.example.jp/"}}
                                               .dump());
  CHECK(IsProblem(dup, 409));

  std::string number = reg.GrantSample("wifi");
  // A renewal rests on a passed renewal review or, as here, on a paper
  // decision, and only inside the renewal window of the mark's year: a mark
  // granted today is refused until then (409).
  CHECK(IsProblem(reg.Post("/api/v1/marks/" + number + "/renew", json{{"basis", "import"}}.dump()), 409));
  reg.EnterRenewalWindow(number);
  auto renew = reg.Post("/api/v1/marks/" + number + "/renew", json{{"basis", "import"}, {"note", "7月審査会"}}.dump());
  REQUIRE(renew);
  CHECK(renew->status == 200);
  auto suspend = reg.Post("/api/v1/marks/" + number + "/suspend", json{{"reason", "調査中"}}.dump());
  REQUIRE(suspend);
  CHECK(BodyJson(suspend)["status"] == "suspended");
  CHECK(IsProblem(reg.Post("/api/v1/marks/" + number + "/suspend", json{{"reason", "again"}}.dump()), 409));
  auto reinstate = reg.Post("/api/v1/marks/" + number + "/reinstate", json{{"reason", "解決"}}.dump());
  CHECK(BodyJson(reinstate)["status"] == "valid");
  auto revoke = reg.Post("/api/v1/marks/" + number + "/revoke", json{{"reason", "虚偽表示"}}.dump());
  REQUIRE(revoke);
  CHECK(BodyJson(revoke)["status"] == "revoked");
  CHECK(BodyJson(revoke)["revocation_reason"] == "虚偽表示");
  CHECK(IsProblem(reg.Post("/api/v1/marks/" + number + "/renew", json{{"basis", "import"}}.dump()), 409));
  CHECK(IsProblem(reg.Post("/api/v1/marks/" + number + "/reinstate", json{{"reason", "x"}}.dump()), 409));

  auto history = reg.GetAuth("/api/v1/marks/" + number + "/history");
  REQUIRE(history);
  REQUIRE(history->status == 200);
  std::vector<std::string> kinds;
  json events = BodyJson(history)["events"];  // a named copy: a range-for over a temporary's member dangles
  for (const auto& e : events) kinds.push_back(e["kind"]);
  CHECK(kinds.size() == 5);
  CHECK(kinds.back() == "revoked");
  CHECK(BodyJson(history)["events"][0]["actor"] == "test-secretariat");
}

TEST_CASE("authentication and roles", "[api][auth]") {
  TestRegistry reg;
  std::string auditor = reg.CreateToken("auditor", "audit-1");
  std::string body = json{{"name", "x"}, {"name_en", "x"}, {"website", "https://x.example.jp/"}}.dump();
  auto none = reg.markd().Client()->Post("/api/v1/operators", body, "application/json");
  REQUIRE(IsProblem(none, 401));
  CHECK(none->get_header_value("WWW-Authenticate").rfind("Bearer", 0) == 0);
  CHECK(IsProblem(reg.Post("/api/v1/operators", body, "mk_not-a-real-token"), 401));
  CHECK(IsProblem(reg.Post("/api/v1/operators", body, auditor), 403));
  auto listed = reg.GetAuth("/api/v1/operators", auditor);
  REQUIRE(listed);
  CHECK(listed->status == 200);
  // The audit trail records refusals, and never the token.
  auto audit = reg.GetAuth("/api/v1/audit", auditor);
  REQUIRE(audit);
  REQUIRE(audit->status == 200);
  CHECK(audit->body.find("refused") != std::string::npos);
  CHECK(audit->body.find(auditor) == std::string::npos);
  CHECK(audit->body.find(reg.token()) == std::string::npos);
  CHECK(reg.markd().Log().find(reg.token()) == std::string::npos);
}

TEST_CASE("repeated failed tokens from one address get 429", "[api][auth]") {
  TestRegistry reg;
  int last = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = reg.Post("/api/v1/operators", "{}", "mk_wrong-token-" + std::to_string(i));
    REQUIRE(r);
    last = r->status;
  }
  CHECK(last == 429);
  // Even a good token waits out the block from that address.
  CHECK(IsProblem(reg.Post("/api/v1/operators", "{}"), 429));
  // Retry-After counts down the 5 minutes from the first failure.
  auto blocked = reg.Post("/api/v1/operators", "{}");
  REQUIRE(blocked);
  CHECK(blocked->get_header_value("Retry-After") == "300");
  reg.clock().Advance(std::chrono::seconds(100));
  blocked = reg.Post("/api/v1/operators", "{}");
  REQUIRE(blocked);
  CHECK(blocked->get_header_value("Retry-After") == "200");
  reg.clock().Advance(std::chrono::seconds(200));
  CHECK(reg.Post("/api/v1/operators", "{}")->status != 429);
}

namespace {

httplib::Headers From(const std::string& forwarded) { return {{"X-Forwarded-For", forwarded}}; }

int Report(TestRegistry& reg, const httplib::Headers& headers, int n) {
  auto r = reg.markd().Client()->Post(
      "/api/v1/reports", headers, json{{"number", "J0001"}, {"what", std::to_string(n)}}.dump(), "application/json");
  return r ? r->status : 0;
}

// The addresses refused tokens are counted under (registry/failed_attempts.h),
// once they are `expected` (markd writes its counts once a second) or the
// wait is over.
std::set<std::string> CountedRefusalAddresses(TestRegistry& reg, const std::set<std::string>& expected) {
  std::set<std::string> out;
  mark::testing::WaitUntil([&] {
    SQLite::Database db(reg.db().string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT remote FROM auth_failures");
    out.clear();
    while (q.executeStep()) out.insert(q.getColumn(0).getString());
    return out == expected;
  });
  return out;
}

}  // namespace

TEST_CASE("behind a trusted proxy each visitor has their own limits", "[api][auth][proxy]") {
  TestRegistry reg({"--trusted-proxy", "127.0.0.1"});
  // A guesser behind nginx is locked out alone; the officer behind the same
  // nginx is not.
  int last = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = reg.Post("/api/v1/operators", "{}", "mk_wrong-token-" + std::to_string(i), From("198.51.100.1"));
    REQUIRE(r);
    last = r->status;
  }
  CHECK(last == 429);
  CHECK(IsProblem(reg.Post("/api/v1/operators", "{}", "", From("198.51.100.1")), 429));
  CHECK(IsProblem(reg.Post("/api/v1/operators", "{}", "", From("198.51.100.2")), 400));
  CHECK(IsProblem(reg.Post("/api/v1/operators", "{}", "mk_wrong", From("2001:db8::7")), 401));
  const std::set<std::string> counted{"198.51.100.1", "2001:db8::7"};
  CHECK(CountedRefusalAddresses(reg, counted) == counted);

  // Five reports per visitor, each counted on their own.
  for (int i = 1; i <= 5; ++i) CHECK(Report(reg, From("198.51.100.3"), i) == 201);
  CHECK(Report(reg, From("198.51.100.3"), 6) == 429);
  CHECK(Report(reg, From("198.51.100.4"), 1) == 201);
  // A visitor's own X-Forwarded-For stays to the left of what nginx adds.
  CHECK(Report(reg, From("198.51.100.4, 198.51.100.3"), 7) == 429);
  // No header: the proxy itself.
  CHECK(Report(reg, {}, 1) == 201);
}

TEST_CASE("X-Forwarded-For from anyone markd does not trust changes nothing", "[api][auth][proxy]") {
  TestRegistry reg;
  for (int i = 1; i <= 5; ++i) CHECK(Report(reg, From("198.51.100." + std::to_string(i)), i) == 201);
  CHECK(Report(reg, From("198.51.100.99"), 6) == 429);
  CHECK(IsProblem(reg.Post("/api/v1/operators", "{}", "mk_wrong", From("198.51.100.1")), 401));
  const std::set<std::string> counted{"127.0.0.1"};
  CHECK(CountedRefusalAddresses(reg, counted) == counted);
}

TEST_CASE("markd refuses a trusted proxy that is not an address", "[api][startup][proxy]") {
  mark::testing::TempDir dir;
  auto r =
      mark::testing::RunCommand({mark::testing::MarkdPath(), "--trusted-proxy", "nginx.local", "--keys",
                                 (dir / "keys").string(), "--db", (dir / "r.db").string(), "--listen", "127.0.0.1:0"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("nginx.local") != std::string::npos);
}

TEST_CASE("bad requests get problem+json, never a 500", "[api][hardening]") {
  TestRegistry reg;
  std::string number = reg.GrantSample();
  auto client = reg.markd().Client();
  httplib::Headers auth{{"Authorization", "Bearer " + reg.token()}};
  CHECK(IsProblem(client->Post("/api/v1/operators", auth, "{\"name\":", "application/json"), 400));
  CHECK(IsProblem(client->Post("/api/v1/operators", auth, "name=x", "application/x-www-form-urlencoded"), 415));
  CHECK(IsProblem(client->Post("/api/v1/operators", auth, "[1,2]", "application/json"), 400));
  CHECK(IsProblem(client->Post("/api/v1/operators", auth, "\"\xff\"", "application/json"), 400));
  CHECK(IsProblem(client->Post("/api/v1/operators", auth, std::string(70 * 1024, ' '), "application/json"), 413));
  auto wrong_method = client->Delete(("/api/v1/marks/" + number).c_str());
  REQUIRE(IsProblem(wrong_method, 405));
  CHECK(wrong_method->get_header_value("Allow").find("GET") != std::string::npos);
  CHECK(IsProblem(client->Put("/api/v1/marks", "{}", "application/json"), 405));

  int port = reg.markd().port();
  std::string chunked = "POST /api/v1/operators HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + reg.token() +
                        "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
  CHECK(mark::testing::RawStatus(mark::testing::RawRequest(port, chunked)) == 411);
  std::string no_length = "POST /api/v1/operators HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n";
  CHECK(mark::testing::RawStatus(mark::testing::RawRequest(port, no_length)) == 411);
  std::string gzip =
      "POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}";
  CHECK(mark::testing::RawStatus(mark::testing::RawRequest(port, gzip)) == 415);
  std::string huge =
      "POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 99999999999\r\n\r\n";
  CHECK(mark::testing::RawStatus(mark::testing::RawRequest(port, huge)) == 413);
  std::string spoof =
      "GET /api/v1/audit HTTP/1.1\r\nHost: x\r\nREMOTE_ADDR: 10.9.9.9\r\n"
      "X-Forwarded-For: 10.9.9.9\r\nAuthorization: Bearer bad-token-value\r\n\r\n";
  CHECK(mark::testing::RawStatus(mark::testing::RawRequest(port, spoof)) == 401);
  auto audit = reg.GetAuth("/api/v1/audit");
  CHECK(audit->body.find("10.9.9.9") == std::string::npos);
  std::string range = "GET /api/v1/marks/" + number + " HTTP/1.1\r\nHost: x\r\nRange: bytes=0-3\r\n\r\n";
  CHECK(mark::testing::RawStatus(mark::testing::RawRequest(port, range)) == 200);
  // Nothing above may have leaked an exception text header.
  auto ok = reg.Get("/api/v1/marks/" + number);
  CHECK_FALSE(ok->has_header("EXCEPTION_WHAT"));
  CHECK(ok->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(reg.markd().Log().find(" 500 ") == std::string::npos);
}

TEST_CASE("an Idempotency-Key replays the first answer once", "[api]") {
  TestRegistry reg;
  std::string number = reg.GrantSample();
  httplib::Headers key{{"Idempotency-Key", "suspend-" + number}};
  std::string body = json{{"reason", "一時停止"}}.dump();
  auto first = reg.Post("/api/v1/marks/" + number + "/suspend", body, "", key);
  auto second = reg.Post("/api/v1/marks/" + number + "/suspend", body, "", key);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->status == 200);
  CHECK(second->status == 200);
  CHECK(second->get_header_value("Idempotent-Replayed") == "true");
  CHECK(first->body == second->body);
  auto other = reg.Post("/api/v1/marks/" + number + "/suspend", json{{"reason", "別"}}.dump(), "", key);
  CHECK(IsProblem(other, 409));
  auto history = reg.GetAuth("/api/v1/marks/" + number + "/history");
  CHECK(BodyJson(history)["events"].size() == 2);  // granted, suspended once
}

TEST_CASE("concurrent grants over HTTP get distinct numbers, and survive a restart", "[api][concurrency]") {
  TestRegistry reg;
  constexpr int kThreads = 4, kEach = 5;
  std::vector<std::string> numbers(kThreads * kEach);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  // Services first (sequentially), grants concurrently.
  std::vector<std::string> services;
  auto op = reg.Post("/api/v1/operators",
                     json{{"name", "並行"}, {"name_en", "Parallel"}, {"website", "https://p.example.jp/"}}.dump());
  std::string op_id = BodyJson(op)["id"];
  for (int i = 0; i < kThreads * kEach; ++i) {
    auto s = reg.Post("/api/v1/services", json{{"operator_id", op_id},
                                               {"scheme", "isp"},
                                               {"name", "S"},
                                               {"name_en", "S"},
                                               {"domains", {"s" + std::to_string(i) + ".jp"}}}
                                              .dump());
    services.push_back(BodyJson(s)["id"]);
  }
  // Each grant rests on a passed review of its service.
  std::vector<std::string> reviews;
  for (const auto& s : services) reviews.push_back(reg.RecordPassedReview(s, "isp", "new", "TELESA"));
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto client = reg.markd().Client();
      httplib::Headers auth{{"Authorization", "Bearer " + reg.token()}};
      for (int i = 0; i < kEach; ++i) {
        int k = t * kEach + i;
        auto r = client->Post(
            "/api/v1/marks", auth,
            json{{"service_id", services[k]}, {"first_review_body", "TELESA"}, {"review_id", reviews[k]}}.dump(),
            "application/json");
        if (r && r->status == 201)
          numbers[k] = json::parse(r->body)["number"];
        else
          ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  std::set<std::string> unique(numbers.begin(), numbers.end());
  CHECK(unique.size() == numbers.size());
  reg.Restart();
  for (const auto& n : numbers) {
    auto r = reg.Get("/api/v1/marks/" + n);
    REQUIRE(r);
    CHECK(r->status == 200);
  }
}

TEST_CASE("markd refuses to start without a usable key or database", "[api][startup]") {
  mark::testing::TempDir dir;
  auto r = mark::testing::RunCommand({mark::testing::MarkdPath(), "--keys", (dir / "nokeys").string(), "--db",
                                      (dir / "r.db").string(), "--listen", "127.0.0.1:0"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("markd:") != std::string::npos);
  auto gen = mark::testing::Markctl({"keys", "generate", "--keys", (dir / "keys").string()});
  REQUIRE(gen.exit_code == 0);
  std::string kid = gen.out.substr(0, gen.out.find('\n'));
  std::filesystem::permissions(dir / "keys" / (kid + ".key"), std::filesystem::perms::group_read,
                               std::filesystem::perm_options::add);
  r = mark::testing::RunCommand({mark::testing::MarkdPath(), "--keys", (dir / "keys").string(), "--db",
                                 (dir / "r.db").string(), "--listen", "127.0.0.1:0"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(kid + ".key") != std::string::npos);
  std::filesystem::permissions(dir / "keys" / (kid + ".key"), std::filesystem::perms::group_read,
                               std::filesystem::perm_options::remove);
  r = mark::testing::RunCommand({mark::testing::MarkdPath(), "--keys", (dir / "keys").string(), "--db",
                                 (dir / "missing-dir" / "r.db").string(), "--listen", "127.0.0.1:0"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("database") != std::string::npos);
}

TEST_CASE("SIGTERM stops markd cleanly", "[api][startup]") {
  TestRegistry reg;
  reg.GrantSample();
  CHECK(reg.markd().Stop() == 0);
  CHECK(reg.markd().Log().find("stopped") != std::string::npos);
}
