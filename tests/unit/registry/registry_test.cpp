// Registry transactions on a real SQLite file, with a fixed clock and a
// fixed-seed signing key (so certificates are real and reproducible).
#include "registry/registry.h"

#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "crypto/key_store.h"
#include "crypto/verifier.h"
#include "registry/review_store.h"
#include "registry/signing_issuer.h"
#include "registry/tokens.h"
#include "review/calendar.h"
#include "support/temp_dir.h"

using namespace mark;
using namespace mark::registry;
using nlohmann::json;

namespace {

struct Fixture {
  testing::TempDir dir;
  FixedClock clock{*ParseInstant("2026-04-01T10:00:00+09:00")};
  std::unique_ptr<Database> db = std::move(Database::Open((dir / "r.db").string()).value());
  crypto::KeyStore keys = crypto::KeyStore::FromSigner(crypto::Signer::FromSeed(std::string(32, '\x07')).value());
  SigningIssuer issuer{keys, "https://mark.example.jp"};
  Registry registry{*db, clock, issuer, {"https://mark.example.jp"}};
  WriteRequest req{{"tester", "127.0.0.1"}, "", ""};
  int counter = 0;

  std::string Service(const std::string& scheme = "isp") {
    ++counter;
    auto op = registry.CreateOperator({{"name", "事業者" + std::to_string(counter)},
                                       {"name_en", "Operator " + std::to_string(counter)},
                                       {"website", "https://op.example.jp/"}},
                                      req);
    REQUIRE(op);
    json s = {{"operator_id", op->body["id"]}, {"scheme", scheme}, {"name", "サービス"}, {"name_en", "Service"}};
    if (scheme == "isp") s["domains"] = {"svc" + std::to_string(counter) + ".example.ne.jp"};
    else s["ssids"] = {"Free_" + std::to_string(counter)};
    auto svc = registry.CreateService(s, req);
    REQUIRE(svc);
    return svc->body["id"];
  }

  // Grants rest on a passed review (registry/review_basis.h): this records
  // one against the smallest complete criteria set of the service's scheme.
  ReviewStore reviews{registry};
  std::string PassedReview(const std::string& service_id, const std::string& body = "JAIPA") {
    auto service = registry.GetService(service_id);
    REQUIRE(service);
    std::string scheme(ToString(service->scheme));
    std::string criteria_id = "unit-" + scheme;
    json set = {{"id", criteria_id},
                {"scheme", scheme},
                {"rules",
                 {{"new", {{"mandatory", 1}, {"points_max", 0}, {"points_min", 0}}},
                  {"renewal", {{"mandatory", 1}, {"points_max", 0}, {"points_min", 0}}},
                  {"gates", json::array()}}},
                {"items",
                 {{{"id", "1-1-1"}, {"category", 1}, {"title", "方針"}, {"title_en", "Policy"}, {"mandatory", true},
                   {"applies", {"new", "renewal"}}, {"evidence", "document"}}}}};
    REQUIRE(reviews.ImportCriteria(set.dump(), req));  // the same set again is fine
    // The council's rules (review/grant_rules.h): the latest session on or
    // before today, the application dated on its first day, the fee paid.
    const Date today = JstDate(clock.Now());
    const review::YearMonth session = review::LatestSession(today);
    auto app = reviews.CreateApplication({{"service_id", service_id},
                                          {"kind", "new"},
                                          {"first_review_body", body},
                                          {"session", review::FormatYearMonth(session)},
                                          {"application_date", FormatDate(review::SessionOpens(session))}},
                                         req);
    REQUIRE(app);
    for (const json& fee : app->body["fees"]) REQUIRE(reviews.PayFee(fee["id"], json::object(), req));
    auto review = reviews.RecordReview(app->body["id"], {{"criteria_id", criteria_id}, {"answers", {{"1-1-1", true}}}}, req);
    REQUIRE(review);
    REQUIRE(review->body["pass"] == true);
    return review->body["id"];
  }

  std::string Grant(const std::string& service_id, const std::string& body = "JAIPA") {
    auto m = registry.Grant({{"service_id", service_id}, {"first_review_body", body}, {"review_id", PassedReview(service_id, body)}}, req);
    REQUIRE(m);
    return m->body["number"];
  }
};

}  // namespace

TEST_CASE("a grant gives a year from today JST and a verifying certificate", "[registry]") {
  Fixture f;
  auto number = f.Grant(f.Service());
  CHECK(number == "J0001");
  auto view = f.registry.GetMark(number);
  REQUIRE(view);
  CHECK(FormatDate(view->mark.valid_from) == "2026-04-01");
  CHECK(FormatDate(view->mark.valid_until) == "2027-03-31");
  CHECK(view->status == MarkStatus::kValid);
  auto v = crypto::VerifyCertificate(view->certificate, f.keys.PublicJwks(), f.clock.Now());
  CHECK(v.valid);
  CHECK(v.payload["sub"] == number);
  CHECK(v.payload["nbf"] == UnixSeconds(*ParseInstant("2026-04-01T00:00:00+09:00")));
  CHECK(v.payload["exp"] == UnixSeconds(*ParseInstant("2027-04-01T00:00:00+09:00")));
  CHECK(view->log_index == 0);
}

TEST_CASE("serials are shared by all bodies, without gaps", "[registry]") {
  Fixture f;
  CHECK(f.Grant(f.Service(), "JAIPA") == "J0001");
  CHECK(f.Grant(f.Service(), "TELESA") == "T0002");
  CHECK(f.Grant(f.Service("wifi"), "TCA") == "D0003");
}

TEST_CASE("one mark per service", "[registry]") {
  Fixture f;
  auto svc = f.Service();
  f.Grant(svc);
  auto again = f.registry.Grant({{"service_id", svc}, {"first_review_body", "JAIPA"}, {"basis", "import"}, {"number", "J0099"}}, f.req);
  REQUIRE_FALSE(again);
  CHECK(again.error().code == ErrorCode::kConflict);
}

TEST_CASE("imported numbers are kept and never reused", "[registry]") {
  Fixture f;
  auto m = f.registry.Grant({{"service_id", f.Service()}, {"first_review_body", "JAIPA"}, {"basis", "import"},
                             {"number", "J0072"}, {"valid_from", "2025-11-01"}, {"note", "paper record"}},
                            f.req);
  REQUIRE(m);
  CHECK(m->body["number"] == "J0072");
  CHECK(m->body["valid_until"] == "2026-10-31");
  CHECK(f.Grant(f.Service(), "TELESA") == "T0073");
  auto clash = f.registry.Grant({{"service_id", f.Service()}, {"first_review_body", "TELESA"}, {"basis", "import"},
                                 {"number", "T0072"}},
                                f.req);
  REQUIRE_FALSE(clash);
  CHECK(clash.error().code == ErrorCode::kConflict);
  auto history = f.registry.History("J0072");
  REQUIRE(history);
  CHECK(history->at(0).kind == "imported");
}

TEST_CASE("transitions follow the rules", "[registry]") {
  Fixture f;
  auto n = f.Grant(f.Service());
  json why = {{"reason", "調査中"}};
  CHECK(f.registry.Reinstate(n, why, f.req).error().code == ErrorCode::kConflict);
  REQUIRE(f.registry.Suspend(n, why, f.req));
  CHECK(f.registry.GetMark(n)->status == MarkStatus::kSuspended);
  CHECK(f.registry.Suspend(n, why, f.req).error().code == ErrorCode::kConflict);
  REQUIRE(f.registry.Reinstate(n, why, f.req));
  CHECK(f.registry.GetMark(n)->status == MarkStatus::kValid);
  auto no_reason = f.registry.Revoke(n, json::object(), f.req);
  REQUIRE_FALSE(no_reason);
  CHECK(no_reason.error().fields.at(0).field == "reason");
  REQUIRE(f.registry.Revoke(n, {{"reason", "虚偽表示"}, {"reason_code", "misrepresentation"}}, f.req));
  CHECK(f.registry.GetMark(n)->status == MarkStatus::kRevoked);
  CHECK(f.registry.GetMark(n)->mark.revocation_code == "misrepresentation");
  for (auto r : {f.registry.Renew(n, {{"basis", "import"}}, f.req), f.registry.Suspend(n, why, f.req),
                 f.registry.Reinstate(n, why, f.req), f.registry.Revoke(n, why, f.req)}) {
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kConflict);
  }
  auto history = f.registry.History(n);
  REQUIRE(history);
  std::vector<std::string> kinds;
  for (const auto& e : *history) kinds.push_back(e.kind);
  CHECK(kinds == std::vector<std::string>{"granted", "suspended", "reinstated", "revoked"});
  CHECK(history->back().actor == "tester");
}

TEST_CASE("a mark read again is as of now: every write and every JST midnight", "[registry][cache]") {
  Fixture f;
  auto n = f.Grant(f.Service());  // valid 2026-04-01 .. 2027-03-31 (JST)
  CHECK(f.registry.GetMark(n)->status == MarkStatus::kValid);
  f.clock.Set(*ParseInstant("2027-03-31T23:59:59+09:00"));
  CHECK(f.registry.GetMark(n)->status == MarkStatus::kValid);
  f.clock.Set(*ParseInstant("2027-04-01T00:00:00+09:00"));  // the same second, JST midnight
  CHECK(f.registry.GetMark(n)->status == MarkStatus::kExpired);
  f.clock.Set(*ParseInstant("2026-06-01T12:00:00+09:00"));  // back (a test clock may): as of then
  CHECK(f.registry.GetMark(n)->status == MarkStatus::kValid);
  const auto before = f.registry.GetMark(n)->mark.version;
  REQUIRE(f.registry.Suspend(n, {{"reason", "調査中"}}, f.req));
  auto after = f.registry.GetMark(n);
  CHECK(after->status == MarkStatus::kSuspended);
  CHECK(after->mark.version > before);
  // A refused write changes nothing, and nothing read changes either.
  CHECK_FALSE(f.registry.Suspend(n, {{"reason", "again"}}, f.req));
  CHECK(f.registry.GetMark(n)->status == MarkStatus::kSuspended);
  CHECK(f.registry.GetMark("J9999").error().code == ErrorCode::kNotFound);
}

TEST_CASE("renewal extends from the old end date and issues a new certificate", "[registry]") {
  Fixture f;
  auto n = f.Grant(f.Service());
  std::string first_cert = f.registry.GetMark(n)->certificate;
  f.clock.Set(*ParseInstant("2027-03-01T12:00:00+09:00"));
  auto bare = f.registry.Renew(n, json::object(), f.req);  // a renewal needs a review or a paper decision
  REQUIRE_FALSE(bare);
  CHECK(bare.error().code == ErrorCode::kConflict);
  REQUIRE(f.registry.Renew(n, {{"basis", "import"}}, f.req));
  auto v = f.registry.GetMark(n);
  CHECK(FormatDate(v->mark.valid_until) == "2028-03-31");
  CHECK(v->certificate != first_cert);
  CHECK(v->mark.version == 2);
  // Renewed once, the year's window is behind it: the next opens months on.
  auto twice = f.registry.Renew(n, {{"basis", "import"}}, f.req);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code == ErrorCode::kConflict);
  CHECK(twice.error().message.find("opens on 2027-11-30") != std::string::npos);
  // Lapsed, but inside the window's three months after valid_until: the
  // year continues from the old end date (the start stays).
  f.clock.Set(*ParseInstant("2028-05-10T09:00:00+09:00"));
  CHECK(f.registry.GetMark(n)->status == MarkStatus::kExpired);
  REQUIRE(f.registry.Renew(n, {{"basis", "import"}}, f.req));
  v = f.registry.GetMark(n);
  CHECK(FormatDate(v->mark.valid_from) == "2026-04-01");
  CHECK(FormatDate(v->mark.valid_until) == "2029-03-31");
  CHECK(crypto::VerifyCertificate(v->certificate, f.keys.PublicJwks(), f.clock.Now()).valid);
  // Past the window: a lapsed mark needs a new application.
  f.clock.Set(*ParseInstant("2029-07-01T00:00:00+09:00"));
  auto late = f.registry.Renew(n, {{"basis", "import"}}, f.req);
  REQUIRE_FALSE(late);
  CHECK(late.error().message.find("new application") != std::string::npos);
}

TEST_CASE("bad input names every field at fault and writes nothing", "[registry]") {
  Fixture f;
  auto r = f.registry.CreateService({{"operator_id", "op_nope"}, {"scheme", "cable"}, {"name", ""},
                                     {"domains", {"http://x.jp", 7}}, {"extra", true}},
                                    f.req);
  REQUIRE_FALSE(r);
  std::set<std::string> fields;
  for (const auto& e : r.error().fields) fields.insert(e.field);
  CHECK(fields == std::set<std::string>{"scheme", "name", "name_en", "domains[1]", "extra"});
  CHECK(f.registry.ListServices("")->empty());
  auto not_object = f.registry.CreateOperator(json::array(), f.req);
  REQUIRE_FALSE(not_object);
  CHECK(not_object.error().code == ErrorCode::kInvalid);
}

TEST_CASE("an idempotency key answers a repeat once, and refuses a different request", "[registry]") {
  Fixture f;
  auto svc = f.Service();
  WriteRequest req = f.req;
  req.idempotency_key = "grant-1";
  req.request_fingerprint = "fp-a";
  json body = {{"service_id", svc}, {"first_review_body", "JAIPA"}, {"review_id", f.PassedReview(svc)}};
  auto first = f.registry.Grant(body, req);
  REQUIRE(first);
  auto again = f.registry.Grant(body, req);
  REQUIRE(again);
  CHECK(again->replayed);
  CHECK(again->body["number"] == first->body["number"]);
  req.request_fingerprint = "fp-b";
  auto different = f.registry.Grant(body, req);
  REQUIRE_FALSE(different);
  CHECK(different.error().code == ErrorCode::kConflict);
}

TEST_CASE("concurrent grants never share a number", "[registry][concurrency]") {
  Fixture f;
  std::vector<std::string> services;
  for (int i = 0; i < 40; ++i) services.push_back(f.Service());
  std::vector<std::string> reviews;
  for (const auto& s : services) reviews.push_back(f.PassedReview(s));
  std::vector<std::string> numbers(services.size());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = static_cast<size_t>(t); i < services.size(); i += 4) {
        auto m = f.registry.Grant({{"service_id", services[i]}, {"first_review_body", "JAIPA"}, {"review_id", reviews[i]}}, f.req);
        if (m) numbers[i] = m->body["number"];
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> unique(numbers.begin(), numbers.end());
  CHECK(unique.size() == services.size());
  CHECK(unique.count("J0001"));
  CHECK(unique.count("J0040"));
}

TEST_CASE("search by name, number, domain suffix, ssid, status and cursor", "[registry][search]") {
  Fixture f;
  std::vector<std::string> numbers;
  for (int i = 0; i < 5; ++i) numbers.push_back(f.Grant(f.Service()));
  auto wifi = f.Grant(f.Service("wifi"));
  REQUIRE(f.registry.Suspend(numbers[1], {{"reason", "x"}}, f.req));

  auto search = [&](std::multimap<std::string, std::string> params) {
    auto q = ParseSearchQuery(params);
    REQUIRE(q);
    auto page = f.registry.Search(*q);
    REQUIRE(page);
    return *page;
  };
  CHECK(search({{"domain", "www.svc1.example.ne.jp"}}).items.at(0).mark.number == numbers[0]);
  CHECK(search({{"domain", "svc1.example.ne.jp"}}).items.size() == 1);
  CHECK(search({{"domain", "example.ne.jp"}}).items.empty());  // a parent does not match its children
  CHECK(search({{"ssid", "Free_6"}}).items.at(0).mark.number == wifi);
  CHECK(search({{"q", "事業者3"}}).items.at(0).mark.number == numbers[2]);
  CHECK(search({{"q", "operator 3"}}).items.size() == 1);  // English, case-insensitive
  CHECK(search({{"q", numbers[3]}}).items.at(0).mark.number == numbers[3]);
  CHECK(search({{"status", "suspended"}}).items.size() == 1);
  CHECK(search({{"scheme", "wifi"}}).items.size() == 1);
  CHECK(search({{"q", "100%"}}).items.empty());  // LIKE wildcards are literal

  auto p1 = search({{"limit", "4"}});
  CHECK(p1.items.size() == 4);
  REQUIRE_FALSE(p1.next_cursor.empty());
  auto p2 = search({{"limit", "4"}, {"cursor", p1.next_cursor}});
  CHECK(p2.items.size() == 2);
  CHECK(p2.next_cursor.empty());

  for (auto bad : std::vector<std::multimap<std::string, std::string>>{
           {{"limit", "0"}}, {{"limit", "101"}}, {{"status", "good"}}, {{"cursor", "!!"}},
           {{"domain", "http://x"}}, {{"unknown", "1"}}, {{"q", "a"}, {"q", "b"}}}) {
    auto q = ParseSearchQuery(bad);
    CHECK_FALSE(q);
  }
}

TEST_CASE("tokens are stored hashed and found in constant time", "[registry][tokens]") {
  Fixture f;
  auto token = CreateToken(*f.db, Role::kAuditor, "audit-1", f.clock.Now());
  REQUIRE(token);
  CHECK(token->rfind("mk_", 0) == 0);
  auto who = Authenticate(*f.db, *token);
  REQUIRE(who);
  REQUIRE(*who);
  CHECK((*who)->name == "audit-1");
  CHECK((*who)->role == Role::kAuditor);
  CHECK_FALSE(*Authenticate(*f.db, *token + "x"));
  CHECK_FALSE(CreateToken(*f.db, Role::kAuditor, "audit-1", f.clock.Now()));
  REQUIRE(RevokeToken(*f.db, "audit-1", f.clock.Now()));
  CHECK_FALSE(*Authenticate(*f.db, *token));
  // The database never holds the token text.
  bool leaked = false;
  Status st = f.db->Read([&](SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT COUNT(*) FROM tokens WHERE CAST(token_hash AS TEXT) = ?");
    q.bind(1, *token);
    q.executeStep();
    leaked = q.getColumn(0).getInt() > 0;
    return Status{};
  });
  REQUIRE(st);
  CHECK_FALSE(leaked);
}

TEST_CASE("history and log are append-only in the database itself", "[registry]") {
  Fixture f;
  f.Grant(f.Service());
  for (const char* sql : {"UPDATE log_entries SET leaf_input = x'00'", "DELETE FROM mark_events",
                          "DELETE FROM certificates", "UPDATE certificates SET jws = 'x'", "DELETE FROM audit"}) {
    INFO(sql);
    Status st = f.db->Write([&](SQLite::Database& db) {
      db.exec(sql);
      return Status{};
    });
    CHECK_FALSE(st);
  }
}

TEST_CASE("a database made before calendar tokens keeps its tokens and takes calendar ones", "[registry][tokens]") {
  testing::TempDir dir;
  const std::string path = (dir / "r.db").string();
  std::string officer;
  {
    auto db = Database::Open(path);
    REQUIRE(db);
    auto token = CreateToken(**db, Role::kSecretariat, "officer", Instant{});
    REQUIRE(token);
    officer = *token;
    // Back to schema 2 as it shipped: its tokens table knew three roles (and
    // later migrations' tables did not exist; their widened tables take the
    // old rows as they are).
    Status st = (*db)->Write([](SQLite::Database& db) {
      db.exec(
          "CREATE TABLE tokens_v2 (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
          " role TEXT NOT NULL CHECK (role IN ('secretariat', 'reviewer', 'auditor')),"
          " token_hash BLOB NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT);"
          "INSERT INTO tokens_v2 SELECT * FROM tokens; DROP TABLE tokens; ALTER TABLE tokens_v2 RENAME TO tokens;"
          "DROP TABLE registry_meta; ALTER TABLE fees DROP COLUMN waived_at; ALTER TABLE fees DROP COLUMN waived_by;"
          " ALTER TABLE fees DROP COLUMN waive_reason; PRAGMA user_version = 2;");
      return Status{};
    });
    REQUIRE(st);
    CHECK_FALSE(CreateToken(**db, Role::kCalendar, "too-early", Instant{}));
  }
  auto db = Database::Open(path);
  REQUIRE(db);
  CHECK((*db)->schema_version() >= 3);
  auto who = Authenticate(**db, officer);
  REQUIRE(who);
  REQUIRE(*who);
  CHECK((*who)->name == "officer");
  CHECK((*who)->role == Role::kSecretariat);
  auto feed = CreateToken(**db, Role::kCalendar, "office-calendar", Instant{});
  REQUIRE(feed);
  auto feed_who = Authenticate(**db, *feed);
  REQUIRE(feed_who);
  REQUIRE(*feed_who);
  CHECK((*feed_who)->role == Role::kCalendar);
  CHECK(ParseRole("calendar") == Role::kCalendar);
  CHECK(ToString(Role::kCalendar) == "calendar");
  CHECK_FALSE(ParseRole("Calendar"));
}

TEST_CASE("the schema survives a reopen, and a newer schema is refused", "[registry][database]") {
  testing::TempDir dir;
  std::string path = (dir / "r.db").string();
  {
    auto db = Database::Open(path);
    REQUIRE(db);
    CHECK((*db)->schema_version() >= 1);
    Status st = (*db)->Write([](SQLite::Database& db) {
      db.exec("PRAGMA user_version = 999");
      return Status{};
    });
    REQUIRE(st);
  }
  auto again = Database::Open(path);
  REQUIRE_FALSE(again);
  CHECK(again.error().message.find("newer") != std::string::npos);
}
