// Registry transactions on a real SQLite file, with a fixed clock and a
// fixed-seed signing key (so certificates are real and reproducible).
#include "registry/registry.h"

#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "crypto/key_store.h"
#include "crypto/verifier.h"
#include "review_records/review_store.h"
#include "publish/signing_issuer.h"
#include "registry/validity.h"
#include "registry/tokens.h"
#include "review/calendar.h"
#include "support/signing_registry.h"

using namespace mark;
using namespace mark::registry;
using mark::publish::SigningIssuer;
using mark::review_records::ReviewStore;
using nlohmann::json;

namespace {

struct Fixture : testing::SigningRegistry {
  int counter = 0;

  std::string Service(const std::string& scheme = "isp") {
    ++counter;
    auto op = registry.CreateOperator({{"name", "事業者" + std::to_string(counter)},
                                       {"name_en", "Operator " + std::to_string(counter)},
                                       {"website", "https://op.example.jp/"}},
                                      req);
    REQUIRE(op);
    json s = {{"operator_id", op->body["id"]}, {"scheme", scheme}, {"name", "サービス"}, {"name_en", "Service"}};
    if (scheme == "isp")
      s["domains"] = {"svc" + std::to_string(counter) + ".example.ne.jp"};
    else
      s["ssids"] = {"Free_" + std::to_string(counter)};
    auto svc = registry.CreateService(s, req);
    REQUIRE(svc);
    return svc->body["id"];
  }

  // Grants rest on a passed review (review/review_basis.h): this records
  // one against the smallest complete criteria set of the service's scheme.
  ReviewStore reviews{registry};
  std::string PassedReview(const std::string& service_id, const std::string& body = "JAIPA") {
    auto service = registry.GetService(service_id);
    REQUIRE(service);
    std::string scheme(ToString(service->scheme));
    std::string criteria_id = "unit-" + scheme;
    REQUIRE(reviews.ImportCriteria(testing::MandatoryOnlyCriteriaSet(criteria_id, scheme).dump(), req));  // again: fine
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
    auto review =
        reviews.RecordReview(app->body["id"], {{"criteria_id", criteria_id}, {"answers", {{"1-1-1", true}}}}, req);
    REQUIRE(review);
    REQUIRE(review->body["pass"] == true);
    return review->body["id"];
  }

  std::string Grant(const std::string& service_id, const std::string& body = "JAIPA") {
    auto m = registry.Grant(
        {{"service_id", service_id}, {"first_review_body", body}, {"review_id", PassedReview(service_id, body)}}, req);
    REQUIRE(m);
    return m->body["number"];
  }
};

// Takes a database back to before the search keys' migration (to schema 9).
void UndoSearchKeySchema(SQLite::Database& db) { db.exec("DROP TABLE search_keys;"); }

// Takes a database back to before the notices' migration (registry/outbox.h).
void UndoNoticeSchema(SQLite::Database& db) {
  db.exec("DROP TABLE outbox; DROP TABLE webhooks; DROP INDEX marks_valid_until;");
}

// Takes a database back to before the amendment migration (schema 4 as it
// shipped): its tables, columns and indexes gone, the certificates'
// trigger of migration 1 back in place of migration 7's, the look-alike
// names' table of migration 8, and migration 9's bounds on refused tokens
// and misuse reports, the search keys of migration 10 and the notices of
// migration 11.
void UndoAmendmentSchema(SQLite::Database& db) {
  UndoNoticeSchema(db);
  UndoSearchKeySchema(db);
  db.exec(
      "DROP TABLE auth_failures; DROP TABLE auth_failure_audits; DROP TABLE token_floods; DROP TABLE report_drops;"
      "DROP INDEX reports_status; DROP INDEX reports_duplicate;"
      "ALTER TABLE reports DROP COLUMN status; ALTER TABLE reports DROP COLUMN note;"
      "ALTER TABLE reports DROP COLUMN updated_at; ALTER TABLE reports DROP COLUMN updated_by;"
      "ALTER TABLE reports DROP COLUMN what_key; ALTER TABLE reports DROP COLUMN without_text;");
  db.exec("DROP TABLE name_keys;");
  db.exec(
      "DROP TRIGGER certificates_no_update;"
      "CREATE TRIGGER certificates_no_rewrite BEFORE UPDATE OF jws, payload, kid, number ON certificates"
      " BEGIN SELECT RAISE(ABORT, 'certificates are never rewritten'); END;");
  db.exec(
      "DROP TABLE operator_contacts; DROP TABLE service_shared_domains;"
      "DROP INDEX service_domains_reversed; ALTER TABLE service_domains DROP COLUMN reversed;"
      "DROP INDEX service_ssids_skeleton; ALTER TABLE service_ssids DROP COLUMN skeleton;"
      "ALTER TABLE operators DROP COLUMN version; ALTER TABLE services DROP COLUMN version;");
}

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
  auto again = f.registry.Grant(
      {{"service_id", svc}, {"first_review_body", "JAIPA"}, {"basis", "import"}, {"number", "J0099"}}, f.req);
  REQUIRE_FALSE(again);
  CHECK(again.error().code == ErrorCode::kConflict);
}

TEST_CASE("imported numbers are kept and never reused", "[registry]") {
  Fixture f;
  auto m = f.registry.Grant({{"service_id", f.Service()},
                             {"first_review_body", "JAIPA"},
                             {"basis", "import"},
                             {"number", "J0072"},
                             {"valid_from", "2025-11-01"},
                             {"note", "paper record"}},
                            f.req);
  REQUIRE(m);
  CHECK(m->body["number"] == "J0072");
  CHECK(m->body["valid_until"] == "2026-10-31");
  CHECK(f.Grant(f.Service(), "TELESA") == "T0073");
  auto clash = f.registry.Grant(
      {{"service_id", f.Service()}, {"first_review_body", "TELESA"}, {"basis", "import"}, {"number", "T0072"}}, f.req);
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
  auto r = f.registry.CreateService(
      {{"operator_id", "op_nope"}, {"scheme", "cable"}, {"name", ""}, {"domains", {"http://x.jp", 7}}, {"extra", true}},
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
  registry::WriteRequest req = f.req;
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
        auto m = f.registry.Grant(
            {{"service_id", services[i]}, {"first_review_body", "JAIPA"}, {"review_id", reviews[i]}}, f.req);
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

  for (auto bad : std::vector<std::multimap<std::string, std::string>>{{{"limit", "0"}},
                                                                       {{"limit", "101"}},
                                                                       {{"status", "good"}},
                                                                       {{"cursor", "!!"}},
                                                                       {{"domain", "http://x"}},
                                                                       {{"unknown", "1"}},
                                                                       {{"q", "a"}, {"q", "b"}}}) {
    auto q = ParseSearchQuery(bad);
    CHECK_FALSE(q);
  }
}

TEST_CASE("search finds names, venues and corporate numbers as people type them", "[registry][search]") {
  Fixture f;
  auto op = f.registry.CreateOperator({{"name", "さくらネット株式会社"},
                                       {"name_en", "Sakura Net Co., Ltd."},
                                       {"corporate_number", "9234567890123"},
                                       {"website", "https://sakura.example.jp/"}},
                                      f.req);
  REQUIRE(op);
  auto svc = f.registry.CreateService({{"operator_id", op->body["id"]},
                                       {"scheme", "wifi"},
                                       {"name", "はまかぜWi-Fi"},
                                       {"name_en", "Hamakaze Wi-Fi"},
                                       {"ssids", {"Hamakaze_Free"}},
                                       {"venues", {"山下公園", "横浜 赤レンガ倉庫"}}},
                                      f.req);
  REQUIRE(svc);
  const std::string number = f.Grant(svc->body["id"]);
  const std::string other = f.Grant(f.Service());
  auto numbers = [&](std::multimap<std::string, std::string> params, bool whole = false) {
    auto q = ParseSearchQuery(params);
    REQUIRE(q);
    q->whole_key = whole;
    auto page = f.registry.Search(*q);
    REQUIRE(page);
    std::vector<std::string> out;
    for (const auto& v : page->items) out.push_back(v.mark.number);
    return out;
  };
  using V = std::vector<std::string>;
  for (const char* typed : {"ハマカゼ", "はまかぜ", "ﾊﾏｶｾﾞ", "はまかぜ wi-fi", "ＨＡＭＡＫＡＺＥ", "hamakaze wifi",
                            "山下公園", "山下 公園", "赤レンガ倉庫", "9234567890123", "９２３４５６７８９０１２３",
                            "サクラネット", "sakura net", "hamakaze_free", "HAMAKAZE FREE"}) {
    INFO(typed);
    CHECK(numbers({{"q", typed}}) == V{number});
  }
  // The number typed full-width or lower-case, whole or in part.
  std::string wide;
  for (char c : number)
    wide += c == 'J' ? "Ｊ" : std::string("０１２３４５６７８９").substr(static_cast<size_t>(c - '0') * 3, 3);
  CHECK(numbers({{"q", wide}}) == V{number});
  CHECK(numbers({{"q", "j" + number.substr(1)}}) == V{number});
  // Whole keys come from the index: a part of a name is not one.
  CHECK(numbers({{"q", "山下公園"}}, true) == V{number});
  CHECK(numbers({{"q", "9234567890123"}}, true) == V{number});
  CHECK(numbers({{"q", other}}, true) == V{other});
  CHECK(numbers({{"q", "山下"}}, true).empty());
  // Separators alone are no query; nothing matches them.
  CHECK(numbers({{"q", " ・ - "}}).empty());

  // An amendment's new facts are found, and its old ones no longer.
  REQUIRE(f.registry.AmendService(svc->body["id"], {{"venues", {"大さん橋"}}, {"reason", "場所の変更"}}, f.req));
  CHECK(numbers({{"q", "大さん橋"}}) == V{number});
  CHECK(numbers({{"q", "山下公園"}}).empty());
  REQUIRE(f.registry.AmendOperator(op->body["id"], {{"name", "みなとネット株式会社"}, {"reason", "社名変更"}}, f.req));
  CHECK(numbers({{"q", "ミナトネット"}}) == V{number});
  CHECK(numbers({{"q", "さくらネット"}}).empty());
}

TEST_CASE("an SSID search finds the same and look-alike names, the exact one first", "[registry][search]") {
  Fixture f;
  auto wifi = [&](const std::string& ssid) {
    auto op = f.registry.CreateOperator(
        {{"name", "事業者" + ssid}, {"name_en", "Op " + ssid}, {"website", "https://op.example.jp/"}}, f.req);
    REQUIRE(op);
    auto svc = f.registry.CreateService({{"operator_id", op->body["id"]},
                                         {"scheme", "wifi"},
                                         {"name", "無線" + ssid},
                                         {"name_en", "Wireless " + ssid},
                                         {"ssids", {ssid}}},
                                        f.req);
    REQUIRE(svc);
    return f.Grant(svc->body["id"]);
  };
  const std::string lower = wifi("ekimae_free");  // granted first: the lower serial
  const std::string exact = wifi("Ekimae_Free");
  const std::string unrelated = wifi("Other_Net");
  auto q = ParseSearchQuery({{"ssid", "Ekimae_Free"}});
  REQUIRE(q);
  auto page = f.registry.Search(*q);
  REQUIRE(page);
  REQUIRE(page->items.size() == 2);
  CHECK(page->items[0].mark.number == exact);
  CHECK(page->items[1].mark.number == lower);
  (void)unrelated;
}

TEST_CASE("a database at schema 9 gets its search keys from migration 10", "[registry][database][search]") {
  testing::TempDir dir;
  const std::string path = (dir / "r.db").string();
  {
    FixedClock clock{*ParseInstant("2026-04-01T10:00:00+09:00")};
    auto db = storage::Database::Open(path);
    REQUIRE(db);
    crypto::KeyStore keys = crypto::KeyStore::FromSigner(crypto::Signer::FromSeed(std::string(32, '\x07')).value());
    SigningIssuer issuer{keys, "https://mark.example.jp"};
    Registry registry{**db, clock, issuer, {"https://mark.example.jp"}};
    registry::WriteRequest req{{"tester", ""}, "", ""};
    auto op = registry.CreateOperator({{"name", "旧事業者"},
                                       {"name_en", "Old"},
                                       {"corporate_number", "9234567890123"},
                                       {"website", "https://old.example.jp/"}},
                                      req);
    REQUIRE(op);
    auto svc = registry.CreateService({{"operator_id", op->body["id"]},
                                       {"scheme", "wifi"},
                                       {"name", "みなとWi-Fi"},
                                       {"name_en", "Minato Wi-Fi"},
                                       {"ssids", {"Minato_Free"}},
                                       {"venues", {"山下公園"}}},
                                      req);
    REQUIRE(svc);
    REQUIRE(registry.Grant(
        {{"service_id", svc->body["id"]}, {"first_review_body", "JAIPA"}, {"basis", "import"}, {"number", "J0072"}},
        req));
    Status st = (*db)->Write([](SQLite::Database& c) {
      UndoNoticeSchema(c);
      UndoSearchKeySchema(c);
      c.exec("PRAGMA user_version = 9;");
      return Status{};
    });
    REQUIRE(st);
  }
  auto db = storage::Database::Open(path);
  REQUIRE(db);
  CHECK((*db)->schema_version() >= 10);
  FixedClock clock{*ParseInstant("2026-04-01T10:00:00+09:00")};
  crypto::KeyStore keys = crypto::KeyStore::FromSigner(crypto::Signer::FromSeed(std::string(32, '\x07')).value());
  SigningIssuer issuer{keys, "https://mark.example.jp"};
  Registry registry{**db, clock, issuer, {"https://mark.example.jp"}};
  for (const char* typed : {"ミナト", "山下 公園", "９２３４５６７８９０１２３", "minato_free", "旧事業者"}) {
    INFO(typed);
    auto q = ParseSearchQuery({{"q", typed}});
    REQUIRE(q);
    auto page = registry.Search(*q);
    REQUIRE(page);
    REQUIRE(page->items.size() == 1);
    CHECK(page->items[0].mark.number == "J0072");
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
                          "DELETE FROM certificates", "UPDATE certificates SET jws = 'x'", "DELETE FROM audit",
                          // every column of a signed certificate, not only its signed text
                          "UPDATE certificates SET log_index = 0", "UPDATE certificates SET issued_at = 'x'",
                          "UPDATE certificates SET expires = expires"}) {
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
    auto db = storage::Database::Open(path);
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
          " ALTER TABLE fees DROP COLUMN waive_reason;");
      UndoAmendmentSchema(db);
      db.exec("PRAGMA user_version = 2;");
      return Status{};
    });
    REQUIRE(st);
    CHECK_FALSE(CreateToken(**db, Role::kCalendar, "too-early", Instant{}));
  }
  auto db = storage::Database::Open(path);
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
    auto db = storage::Database::Open(path);
    REQUIRE(db);
    CHECK((*db)->schema_version() >= 1);
    Status st = (*db)->Write([](SQLite::Database& db) {
      db.exec("PRAGMA user_version = 999");
      return Status{};
    });
    REQUIRE(st);
  }
  auto again = storage::Database::Open(path);
  REQUIRE_FALSE(again);
  CHECK(again.error().message.find("newer") != std::string::npos);
}

TEST_CASE("an amendment re-issues the current certificate with the new facts, and a no-op issues nothing",
          "[registry][amend]") {
  Fixture f;
  auto svc = f.Service("wifi");
  auto n = f.Grant(svc);
  auto before = f.registry.GetMark(n);
  REQUIRE(before);
  auto no_reason = f.registry.AmendService(svc, {{"name", "新しい名前"}}, f.req);
  REQUIRE_FALSE(no_reason);
  CHECK(no_reason.error().fields.at(0).field == "reason");

  auto done = f.registry.AmendService(svc,
                                      {{"ssids", {"Free_1", "Free_1_5G"}},
                                       {"venues", {"駅前広場"}},
                                       {"reason", "SSIDと提供場所の追加"},
                                       {"note_internal", "申請書 No.12"}},
                                      f.req);
  REQUIRE(done);
  CHECK(done->body["reissued"] == json::array({n}));
  CHECK(done->body["changed"] == json::array({"ssids", "venues"}));
  CHECK(done->body["version"] == 2);
  auto after = f.registry.GetMark(n);
  CHECK(after->certificate != before->certificate);
  CHECK(after->mark.version == before->mark.version + 1);
  CHECK(after->mark.valid_from == before->mark.valid_from);
  CHECK(after->mark.valid_until == before->mark.valid_until);
  auto v = crypto::VerifyCertificate(after->certificate, f.keys.PublicJwks(), f.clock.Now());
  REQUIRE(v.valid);
  CHECK(v.payload["sub"] == n);
  CHECK(v.payload["mark"]["service"]["ssids"] == json::array({"Free_1", "Free_1_5G"}));
  CHECK(v.payload["mark"]["service"]["venues"] == json::array({"駅前広場"}));
  CHECK(v.payload["mark"]["operator"]["website"] == "https://op.example.jp/");
  auto old = crypto::VerifyCertificate(before->certificate, f.keys.PublicJwks(), f.clock.Now());
  CHECK(old.payload["jti"] != v.payload["jti"]);
  auto history = f.registry.History(n);
  REQUIRE(history);
  CHECK(history->back().kind == "amended");
  CHECK(history->back().reason == "SSIDと提供場所の追加");

  // The same values again, or a reorder-free no-op: audited, nothing issued.
  auto again = f.registry.AmendService(svc, {{"ssids", {"Free_1", "Free_1_5G"}}, {"reason", "確認"}}, f.req);
  REQUIRE(again);
  CHECK(again->body["reissued"].empty());
  CHECK(again->body["changed"].empty());
  CHECK(again->body["version"] == 2);
  CHECK(f.registry.GetMark(n)->certificate == after->certificate);
  CHECK(f.registry.History(n)->size() == history->size());

  // An operator's contacts change nothing certified.
  auto service = f.registry.GetService(svc);
  auto contacts = f.registry.AmendOperator(
      service->operator_id,
      {{"contacts", {{{"role", "renewal"}, {"email", "Mark@Example.JP"}}}}, {"reason", "連絡先の登録"}}, f.req);
  REQUIRE(contacts);
  CHECK(contacts->body["reissued"].empty());
  CHECK(contacts->body["changed"] == json::array({"contacts"}));
  CHECK(contacts->body["version"] == 1);
  CHECK(contacts->body["contacts"][0]["email"] == "Mark@example.jp");  // the host part is normalised
  CHECK(f.registry.GetContacts(service->operator_id)->size() == 1);
  CHECK(f.registry.GetMark(n)->certificate == after->certificate);
  auto bad = f.registry.AmendOperator(service->operator_id,
                                      {{"contacts", {{{"role", "ceo"}, {"email", "x"}}}}, {"reason", "x"}}, f.req);
  REQUIRE_FALSE(bad);
  std::set<std::string> fields;
  for (const auto& e : bad.error().fields) fields.insert(e.field);
  CHECK(fields == std::set<std::string>{"contacts[0].role", "contacts[0].email"});
  // The operator's website is certified: a new certificate.
  auto site = f.registry.AmendOperator(service->operator_id,
                                       {{"website", "https://new.example.jp/"}, {"reason", "サイト移転"}}, f.req);
  REQUIRE(site);
  CHECK(site->body["reissued"] == json::array({n}));
  CHECK(site->body["version"] == 2);
  auto w = crypto::VerifyCertificate(f.registry.GetMark(n)->certificate, f.keys.PublicJwks(), f.clock.Now());
  CHECK(w.payload["mark"]["operator"]["website"] == "https://new.example.jp/");
}

TEST_CASE("amendments leave revoked and returned marks as certified, and expired ones re-issued only inside the window",
          "[registry][amend]") {
  Fixture f;
  auto revoked_svc = f.Service();
  auto revoked = f.Grant(revoked_svc);
  REQUIRE(f.registry.Revoke(revoked, {{"reason", "虚偽表示"}, {"reason_code", "misrepresentation"}}, f.req));
  auto r = f.registry.AmendService(revoked_svc, {{"name", "別名"}, {"reason", "改称"}}, f.req);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == ErrorCode::kConflict);
  CHECK(r.error().message.find(revoked) != std::string::npos);

  auto returned_svc = f.Service();
  auto returned = f.Grant(returned_svc);
  auto ceased = f.registry.Revoke(returned, {{"reason", "終了"}, {"reason_code", "ceased_operation"}}, f.req);
  REQUIRE_FALSE(ceased);
  CHECK(ceased.error().fields.at(0).field == "reason_code");
  CHECK(ceased.error().fields.at(0).message.find("/api/v1/marks/" + returned + "/return") != std::string::npos);
  CHECK_FALSE(f.registry.Return(returned, {{"reason", "終了"}, {"reason_code", "misrepresentation"}}, f.req));
  auto ret = f.registry.Return(returned, {{"reason", "サービス終了"}, {"reason_code", "service_ended"}}, f.req);
  REQUIRE(ret);
  CHECK(ret->body["status"] == "returned");
  CHECK(ret->body["return_code"] == "service_ended");
  CHECK(ret->body["return_reason"] == "サービス終了");
  CHECK(ret->body.contains("returned_at"));
  CHECK_FALSE(ret->body.contains("revoked_at"));
  for (auto again :
       {f.registry.Return(returned, {{"reason", "x"}}, f.req), f.registry.Revoke(returned, {{"reason", "x"}}, f.req),
        f.registry.Renew(returned, {{"basis", "import"}}, f.req)})
    CHECK(again.error().code == ErrorCode::kConflict);
  CHECK(f.registry.AmendService(returned_svc, {{"name", "別名"}, {"reason", "改称"}}, f.req).error().code ==
        ErrorCode::kConflict);
  auto withdrawn = f.registry.WithdrawnMarks();
  REQUIRE(withdrawn);
  CHECK(withdrawn->size() == 2);

  // One operator, three services: valid, expired inside the window, expired beyond it.
  auto op = f.registry.CreateOperator(
      {{"name", "三社"}, {"name_en", "Three"}, {"website", "https://three.example.jp/"}}, f.req);
  REQUIRE(op);
  const std::string op_id = op->body["id"];
  auto service_of = [&](const std::string& domain) {
    auto s = f.registry.CreateService(
        {{"operator_id", op_id}, {"scheme", "isp"}, {"name", domain}, {"name_en", domain}, {"domains", {domain}}},
        f.req);
    REQUIRE(s);
    return s->body["id"].get<std::string>();
  };
  const Date today = JstDate(f.clock.Now());
  auto import = [&](const std::string& svc, Date from, const std::string& number) {
    REQUIRE(f.registry.Grant({{"service_id", svc},
                              {"first_review_body", "JAIPA"},
                              {"basis", "import"},
                              {"number", number},
                              {"valid_from", FormatDate(from)}},
                             f.req));
  };
  import(service_of("valid.example.jp"), today, "J0101");
  import(service_of("recent.example.jp"), AddDays(AddYears(today, -1), -20), "J0102");  // ended 20 days ago
  import(service_of("old.example.jp"), AddYears(today, -2), "J0103");                   // ended a year ago
  REQUIRE(f.registry.GetMark("J0102")->status == MarkStatus::kExpired);
  auto preview = f.registry.PreviewOperatorAmendment(op_id, {{"name", "三社ホールディングス"}, {"reason", "合併"}});
  REQUIRE(preview);
  CHECK((*preview)["reissue"] == json::array({"J0101", "J0102"}));
  CHECK((*preview)["unchanged_marks"][0]["number"] == "J0103");
  CHECK(f.registry.GetOperator(op_id)->name == "三社");  // a preview changes nothing
  auto merged = f.registry.AmendOperator(op_id, {{"name", "三社ホールディングス"}, {"reason", "合併"}}, f.req);
  REQUIRE(merged);
  CHECK(merged->body["reissued"] == json::array({"J0101", "J0102"}));
  CHECK(f.registry.History("J0103")->back().kind == "amended");  // recorded, without a certificate
  CHECK(f.registry.History("J0101")->back().kind == "amended");
}

TEST_CASE("domains of another operator are refused unless declared shared, while SSIDs are flagged and never refused",
          "[registry][identifiers]") {
  Fixture f;
  auto op = [&](const std::string& name) {
    auto o =
        f.registry.CreateOperator({{"name", name}, {"name_en", name}, {"website", "https://x.example.jp/"}}, f.req);
    REQUIRE(o);
    return o->body["id"].get<std::string>();
  };
  const std::string a = op("A"), b = op("B");
  auto first = f.registry.CreateService(
      {{"operator_id", a}, {"scheme", "isp"}, {"name", "A光"}, {"name_en", "A"}, {"domains", {"shared.example.jp"}}},
      f.req);
  REQUIRE(first);
  auto number = f.registry.Grant(
      {{"service_id", first->body["id"]}, {"first_review_body", "JAIPA"}, {"basis", "import"}, {"number", "J0500"}},
      f.req);
  REQUIRE(number);
  for (const char* overlapping : {"shared.example.jp", "www.shared.example.jp", "example.jp"}) {
    INFO(overlapping);
    auto r = f.registry.CreateService({{"operator_id", b},
                                       {"scheme", "isp"},
                                       {"name", "B光"},
                                       {"name_en", "B"},
                                       {"domains", {"b.example.ne.jp", overlapping}}},
                                      f.req);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kConflict);
    CHECK(r.error().fields.at(0).field == "domains[1]");
    CHECK(r.error().fields.at(0).message.find("J0500") != std::string::npos);
  }
  // The same operator may reuse its own domain.
  CHECK(f.registry.CreateService({{"operator_id", a},
                                  {"scheme", "isp"},
                                  {"name", "A光2"},
                                  {"name_en", "A2"},
                                  {"domains", {"www.shared.example.jp"}}},
                                 f.req));
  auto declared = f.registry.CreateService({{"operator_id", b},
                                            {"scheme", "wifi"},
                                            {"name", "B Wi-Fi"},
                                            {"name_en", "B"},
                                            {"domains", {"shared.example.jp"}},
                                            {"ssids", {"Free_A"}},
                                            {"shared", {{"domains", {"shared.example.jp"}}, {"reason", "共同運営"}}}},
                                           f.req);
  REQUIRE(declared);
  CHECK(declared->body["shared"][0]["reason"] == "共同運営");
  auto no_reason = f.registry.CreateService({{"operator_id", b},
                                             {"scheme", "isp"},
                                             {"name", "B2"},
                                             {"name_en", "B2"},
                                             {"domains", {"example.jp"}},
                                             {"shared", {{"domains", {"example.jp"}}}}},
                                            f.req);
  REQUIRE_FALSE(no_reason);
  CHECK(no_reason.error().fields.at(0).field == "shared.reason");
  auto neighbours = f.registry.Neighbours("J0500");
  REQUIRE(neighbours);
  REQUIRE(neighbours->size() == 1);
  CHECK((*neighbours)[0].kind == IdentifierNeighbour::Kind::kSharedDomain);
  CHECK((*neighbours)[0].reason == "共同運営");
  CHECK((*neighbours)[0].service_name == "B Wi-Fi");
}

TEST_CASE("a database at schema 4 keeps its marks and history when migrated", "[registry][database]") {
  testing::TempDir dir;
  const std::string path = (dir / "r.db").string();
  std::string number, cert;
  {
    FixedClock clock{JstStartOfDay(JstDate(SystemClock().Now()))};
    auto db = storage::Database::Open(path);
    REQUIRE(db);
    crypto::KeyStore keys = crypto::KeyStore::FromSigner(crypto::Signer::FromSeed(std::string(32, '\x07')).value());
    SigningIssuer issuer{keys, "https://mark.example.jp"};
    Registry registry{**db, clock, issuer, {"https://mark.example.jp"}};
    registry::WriteRequest req{{"tester", ""}, "", ""};
    auto op =
        registry.CreateOperator({{"name", "旧"}, {"name_en", "Old"}, {"website", "https://old.example.jp/"}}, req);
    REQUIRE(op);
    auto svc = registry.CreateService({{"operator_id", op->body["id"]},
                                       {"scheme", "wifi"},
                                       {"name", "旧Wi-Fi"},
                                       {"name_en", "Old Wi-Fi"},
                                       {"domains", {"www.old.example.jp"}},
                                       {"ssids", {"Old_Free"}}},
                                      req);
    REQUIRE(svc);
    auto m = registry.Grant(
        {{"service_id", svc->body["id"]}, {"first_review_body", "TCA"}, {"basis", "import"}, {"number", "D0042"}}, req);
    REQUIRE(m);
    REQUIRE(registry.Suspend("D0042", {{"reason", "調査中"}}, req));
    number = "D0042";
    cert = registry.GetMark(number)->certificate;
    // Back to schema 4 as it shipped: no amendment tables or columns, and
    // none of schema 5's (the first review date, fee waivers).
    Status st = (*db)->Write([](SQLite::Database& c) {
      UndoAmendmentSchema(c);
      c.exec(
          "ALTER TABLE marks DROP COLUMN first_review_date; ALTER TABLE fees DROP COLUMN waived_at;"
          " ALTER TABLE fees DROP COLUMN waived_by; ALTER TABLE fees DROP COLUMN waive_reason;"
          " PRAGMA user_version = 4;");
      return Status{};
    });
    REQUIRE(st);
  }
  auto db = storage::Database::Open(path);
  REQUIRE(db);
  CHECK((*db)->schema_version() >= 6);
  FixedClock clock{SystemClock().Now()};
  crypto::KeyStore keys = crypto::KeyStore::FromSigner(crypto::Signer::FromSeed(std::string(32, '\x07')).value());
  SigningIssuer issuer{keys, "https://mark.example.jp"};
  Registry registry{**db, clock, issuer, {"https://mark.example.jp"}};
  auto view = registry.GetMark(number);
  REQUIRE(view);
  CHECK(view->status == MarkStatus::kSuspended);
  CHECK(view->certificate == cert);
  CHECK(view->service.ssids == std::vector<std::string>{"Old_Free"});
  CHECK(view->service.version == 1);
  CHECK(view->op.version == 1);
  auto history = registry.History(number);
  REQUIRE(history);
  CHECK(history->size() == 2);
  // The lookup keys were computed for the old rows: the old domain and SSID
  // are found as another operator's.
  registry::WriteRequest req{{"tester", ""}, "", ""};
  auto other =
      registry.CreateOperator({{"name", "新"}, {"name_en", "New"}, {"website", "https://new.example.jp/"}}, req);
  REQUIRE(other);
  auto clash = registry.CreateService({{"operator_id", other->body["id"]},
                                       {"scheme", "wifi"},
                                       {"name", "新"},
                                       {"name_en", "New"},
                                       {"domains", {"old.example.jp"}},
                                       {"ssids", {"OLD-FREE"}}},
                                      req);
  REQUIRE_FALSE(clash);
  CHECK(clash.error().message.find("D0042") != std::string::npos);
  auto ok = registry.CreateService({{"operator_id", other->body["id"]},
                                    {"scheme", "wifi"},
                                    {"name", "新"},
                                    {"name_en", "New"},
                                    {"ssids", {"OLD-FREE"}}},
                                   req);
  REQUIRE(ok);
  auto neighbours = registry.Neighbours(number);
  REQUIRE(neighbours);
  REQUIRE(neighbours->size() == 1);
  CHECK((*neighbours)[0].kind == IdentifierNeighbour::Kind::kLookalikeSsid);
  CHECK((*neighbours)[0].theirs == "OLD-FREE");
}
