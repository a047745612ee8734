// The database edited behind markd's back, as someone with sqlite3 would
// (here through SQLiteCpp): an added domain, an added SSID, a renamed
// service, a renamed operator, an extended valid_until, a revoked mark set
// back to active, any column of a certificate. On a copy, markctl check
// fails naming the mark, the field and both values, and markd refuses to
// start on it (exit 2, one line); while markd serves, it never serves the
// edited fact (registry/certified_facts.h).
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/base64.h"
#include "common/jst.h"
#include "support/process.h"

using mark::testing::BodyJson;
using mark::testing::CopyDatabase;
using mark::testing::Has;
using mark::testing::Markctl;
using mark::testing::RunCommand;
using mark::testing::TestRegistry;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A registry with a Wi-Fi mark, an ISP mark and a revoked one.
struct TamperRegistry {
  TestRegistry reg{{"--quiet"}};
  std::string isp, wifi, revoked;
  std::string isp_service, wifi_service, isp_operator;
  TamperRegistry() {
    isp = reg.GrantSample("isp");
    wifi = reg.GrantSample("wifi");
    revoked = reg.GrantSample("isp");
    auto r = reg.Post("/api/v1/marks/" + revoked + "/revoke", R"({"reason":"基準違反"})");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    const json isp_mark = BodyJson(reg.Get("/api/v1/marks/" + isp));
    isp_service = isp_mark["service"]["id"];
    isp_operator = isp_mark["operator"]["id"];
    wifi_service = BodyJson(reg.Get("/api/v1/marks/" + wifi))["service"]["id"];
  }
  json Mark(const std::string& number) { return BodyJson(reg.Get("/api/v1/marks/" + number)); }
};

// What sqlite3 would do: one connection, the statements as given.
void TamperExec(const fs::path& db, const std::string& sql) {
  SQLite::Database c(db.string(), SQLite::OPEN_READWRITE);
  c.setBusyTimeout(5000);
  c.exec(sql);
}

// A certificate column rewritten: the trigger that refuses it dropped, then
// put back exactly as the migration makes it (so the schema still checks).
std::string TamperCertificateSql(const std::string& assignment, const std::string& number) {
  return "DROP TRIGGER certificates_no_update;"
         "UPDATE certificates SET " +
         assignment + " WHERE id = (SELECT current_certificate_id FROM marks WHERE number = '" + number +
         "');"
         "CREATE TRIGGER certificates_no_update BEFORE UPDATE ON certificates"
         " BEGIN SELECT RAISE(ABORT, 'certificates are never rewritten'); END;";
}

// A copy of the registry in a folder of its own (its own registry state).
fs::path TamperCopy(TamperRegistry& t, const std::string& name) {
  const fs::path dir = t.reg.dir() / "copies" / name;
  fs::create_directories(dir);
  const fs::path copy = dir / "registry.db";
  CopyDatabase(t.reg.db(), copy);
  return copy;
}

mark::testing::CommandResult TamperStartMarkd(const fs::path& db, const fs::path& keys) {
  return RunCommand({"/usr/bin/timeout", "30", mark::testing::MarkdPath(), "--db", db.string(), "--keys", keys.string(),
                     "--listen", "127.0.0.1:0", "--quiet"});
}

size_t TamperCountLines(const std::string& text, const std::string& part) {
  size_t n = 0, start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (text.substr(start, end - start).find(part) != std::string::npos) ++n;
    start = end + 1;
  }
  return n;
}

// Polls `get` until `done` holds of its answer, or 10 s passed (markd
// notices another process's commit within 200 ms).
json TamperAwait(const std::function<json()>& get, const std::function<bool(const json&)>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  json last = get();
  while (!done(last) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    last = get();
  }
  return last;
}

}  // namespace

TEST_CASE("markctl check and markd's start-up refuse every fact edited behind the registry's back", "[tamper][long]") {
  TamperRegistry t;
  // Untouched, everything passes.
  auto clean = Markctl({"check", "--db", t.reg.db().string(), "--keys", t.reg.keys().string()});
  INFO(clean.out << clean.err);
  REQUIRE(clean.exit_code == 0);
  REQUIRE(Has(clean.out, "3 marks show what their certificates and histories say"));

  const json isp_mark = t.Mark(t.isp);
  const std::string isp_until = isp_mark["valid_until"];
  struct Case {
    std::string name;
    std::string sql;
    std::string number;                 // the mark named
    std::vector<std::string> expected;  // in check's line about it: the field and both values
  };
  const std::vector<Case> cases = {
      {"added domain",
       "INSERT INTO service_domains (service_id, position, domain) VALUES ('" + t.isp_service +
           "', 9, 'phish.example.com')",
       t.isp,
       {"service.domains: stored [\"example1.jp\",\"phish.example.com\"], certified [\"example1.jp\"]"}},
      {"added SSID",
       "INSERT INTO service_ssids (service_id, position, ssid) VALUES ('" + t.wifi_service + "', 9, 'Evil_Free_WiFi')",
       t.wifi,
       {"service.ssids: stored [\"Test_Free_WiFi_2\",\"Evil_Free_WiFi\"], certified [\"Test_Free_WiFi_2\"]"}},
      {"renamed service",
       "UPDATE services SET name = '偽光' WHERE id = '" + t.isp_service + "'",
       t.isp,
       {"service.name: stored \"偽光\", certified \"テスト光1\""}},
      {"renamed operator",
       "UPDATE operators SET name = '偽通信' WHERE id = '" + t.isp_operator + "'",
       t.isp,
       {"operator.name: stored \"偽通信\", certified \"テスト通信1\""}},
      {"extended valid_until",
       "UPDATE marks SET valid_until = date(valid_until, '+3 years') WHERE number = '" + t.isp + "'",
       t.isp,
       {"valid_until: stored " + mark::FormatDate(mark::AddYears(*mark::ParseDate(isp_until), 3)) + ", certified " +
        isp_until}},
      {"reactivated revoked mark",
       "UPDATE marks SET state = 'active', revoked_at = NULL, revocation_reason = '' WHERE number = '" + t.revoked +
           "'",
       t.revoked,
       {"status: stored active, certified revoked"}},
      {"certificate id", TamperCertificateSql("id = id + 1000", t.isp), t.isp, {"certificate: stored none"}},
      {"certificate number",
       TamperCertificateSql("number = '" + t.wifi + "'", t.isp),
       t.isp,
       {"certificate.number: stored " + t.wifi + ", certified " + t.isp}},
      {"certificate kid",
       TamperCertificateSql("kid = 'forged-kid'", t.isp),
       t.isp,
       {"certificate.kid: stored forged-kid, certified "}},
      {"certificate jws",
       TamperCertificateSql("jws = (SELECT c.jws FROM certificates c JOIN marks m ON c.id = m.current_certificate_id "
                            "WHERE m.number = '" +
                                t.wifi + "')",
                            t.isp),
       t.isp,
       {"certificate.jws: stored ", "certificate.number: stored " + t.isp + ", certified " + t.wifi}},
      {"certificate payload",
       TamperCertificateSql("payload = replace(payload, 'example1.jp', 'phish.example')", t.isp),
       t.isp,
       {"certificate.payload: stored ", "phish.example"}},
      {"certificate issued_at",
       TamperCertificateSql("issued_at = '2000-01-01T00:00:00Z'", t.isp),
       t.isp,
       {"certificate.issued_at: stored 2000-01-01T00:00:00Z, certified "}},
      {"certificate not_before",
       TamperCertificateSql("not_before = '2000-01-01T00:00:00Z'", t.isp),
       t.isp,
       {"certificate.not_before: stored 2000-01-01T00:00:00Z, certified "}},
      {"certificate expires",
       TamperCertificateSql("expires = '2099-01-01T00:00:00Z'", t.isp),
       t.isp,
       {"certificate.expires: stored 2099-01-01T00:00:00Z, certified "}},
      {"certificate log_index",
       TamperCertificateSql("log_index = log_index + 1", t.isp),
       t.isp,
       {"certificate.log_index: stored "}},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const fs::path copy = TamperCopy(t, c.name.substr(0, c.name.find(' ')) + "-" + std::to_string(c.sql.size()));
      TamperExec(copy, c.sql);
      auto check = Markctl({"check", "--db", copy.string(), "--keys", t.reg.keys().string()});
      INFO(check.out << check.err);
      CHECK(check.exit_code == 1);
      for (const std::string& part : c.expected) {
        INFO(part);
        CHECK(Has(check.out, part));
      }
      CHECK(Has(check.out, c.number));

      auto start = TamperStartMarkd(copy, t.reg.keys());
      INFO(start.err);
      CHECK(start.exit_code == 2);
      if (c.name == "certificate kid") {
        // A kid the key folder does not publish stops markd earlier, at the
        // key folder's check, naming the mark too.
        CHECK(Has(start.err, "does not publish key forged-kid"));
        CHECK(Has(start.err, c.number));
      } else {
        CHECK(TamperCountLines(start.err, "stored facts differ") == 1);
        CHECK(Has(start.err, "markd: mark " + c.number + "'s stored facts differ"));
        CHECK(Has(start.err, "markctl check"));
      }
    }
  }
}

TEST_CASE("the database refuses UPDATE and DELETE on every column of a certificate", "[tamper]") {
  TamperRegistry t;
  const fs::path copy = TamperCopy(t, "trigger");
  for (const char* sql :
       {"UPDATE certificates SET issued_at = '2000-01-01T00:00:00Z'", "UPDATE certificates SET log_index = 0",
        "UPDATE certificates SET not_before = not_before", "UPDATE certificates SET id = id + 1000",
        "UPDATE certificates SET expires = '2099-01-01T00:00:00Z'", "DELETE FROM certificates"}) {
    INFO(sql);
    CHECK_THROWS_WITH(TamperExec(copy, sql), Catch::Contains("certificates"));
  }
}

TEST_CASE("a running markd never serves a fact edited behind its back", "[tamper]") {
  TamperRegistry t;
  const fs::path db = t.reg.db();
  const json before = t.Mark(t.isp);
  REQUIRE(before["status"] == "valid");

  SECTION("an added domain on a genuine service") {
    TamperExec(db, "INSERT INTO service_domains (service_id, position, domain) VALUES ('" + t.isp_service +
                       "', 9, 'phish.example.com')");
    const json shown =
        TamperAwait([&] { return t.Mark(t.isp); }, [](const json& m) { return m["status"] == "unknown"; });
    CHECK(shown["status"] == "unknown");
    CHECK(shown["status_reason"] == "not_confirmed");
    CHECK(shown["service"]["domains"] == json::array({"example1.jp"}));
    // The domain lookup does not find the phishing domain, nor anything under it.
    for (const char* host : {"phish.example.com", "www.phish.example.com"}) {
      const json found = BodyJson(t.reg.Get(std::string("/api/v1/marks?domain=") + host));
      INFO(found.dump());
      CHECK(found["items"].empty());
    }
    // The badge on that domain warns of a foreign site; the page lists only
    // the certified domain and says the mark cannot be confirmed.
    auto badge = t.reg.Get("/badge/" + t.isp + ".svg", {{"Referer", "https://phish.example.com/login"}});
    REQUIRE(badge);
    CHECK(Has(badge->body, ">登録外サイト<"));
    CHECK(Has(badge->body, "phish.example.com"));
    auto page = t.reg.Get("/v/" + t.isp);
    REQUIRE(page);
    CHECK(Has(page->body, "example1.jp"));
    CHECK_FALSE(Has(page->body, "phish.example.com"));
    CHECK(Has(page->body, "st-unknown"));
    CHECK_FALSE(Has(page->body, "st-valid"));
    // The API's status word, the badge's and the healthz list agree.
    CHECK(BodyJson(t.reg.Get("/api/v1/marks/" + t.isp + "/status"))["status"] == "unknown");
    CHECK(Has(t.reg.Get("/badge/" + t.isp + ".svg")->body, "確認不可"));
    CHECK(BodyJson(t.reg.Get("/healthz"))["not_confirmed"] == json::array({t.isp}));
    // Search by status finds it among the unknown, not among the valid.
    const json unknown = BodyJson(t.reg.Get("/api/v1/marks?status=unknown"));
    INFO(unknown.dump());
    REQUIRE(unknown.contains("items"));
    REQUIRE(unknown["items"].size() == 1);
    CHECK(unknown["items"][0]["number"] == t.isp);
    const json valid = BodyJson(t.reg.Get("/api/v1/marks?status=valid"));
    INFO(valid.dump());
    REQUIRE(valid.contains("items"));
    for (const json& item : valid["items"]) CHECK(item["number"] != t.isp);
    // One log line for the mark, however many requests saw it.
    for (int i = 0; i < 5; ++i) t.Mark(t.isp);
    const std::string log =
        mark::testing::ReadUntilHasAll([&] { return t.reg.markd().Log(); }, {"mark " + t.isp + " is not confirmed"});
    CHECK(TamperCountLines(log, "mark " + t.isp + " is not confirmed") == 1);
    CHECK(Has(log, "service.domains"));
    // Nothing is signed over it: an amendment of the service is refused.
    auto amend = t.reg.Patch("/api/v1/services/" + t.isp_service, R"({"name_en":"Renamed","reason":"rename"})");
    REQUIRE(amend);
    CHECK(amend->status == 409);
    CHECK(Has(amend->body, "differ from its certificate"));
    // Put right, it is confirmed again.
    TamperExec(db, "DELETE FROM service_domains WHERE domain = 'phish.example.com'");
    const json again = TamperAwait([&] { return t.Mark(t.isp); }, [](const json& m) { return m["status"] == "valid"; });
    CHECK(again["status"] == "valid");
    CHECK_FALSE(again.contains("status_reason"));
    CHECK_FALSE(BodyJson(t.reg.Get("/healthz")).contains("not_confirmed"));
  }

  SECTION("an added SSID and a renamed service are not found") {
    TamperExec(db, "INSERT INTO service_ssids (service_id, position, ssid) VALUES ('" + t.wifi_service +
                       "', 9, 'Evil_Free_WiFi');"
                       "UPDATE services SET name = '偽光' WHERE id = '" +
                       t.isp_service + "'");
    TamperAwait([&] { return t.Mark(t.wifi); }, [](const json& m) { return m["status"] == "unknown"; });
    CHECK(BodyJson(t.reg.Get("/api/v1/marks?ssid=Evil_Free_WiFi"))["items"].empty());
    CHECK(BodyJson(t.reg.Get("/api/v1/marks?q=%E5%81%BD%E5%85%89"))["items"].empty());  // 偽光
    const json wifi = t.Mark(t.wifi);
    CHECK(wifi["service"]["ssids"] == json::array({"Test_Free_WiFi_2"}));
    const json isp = t.Mark(t.isp);
    CHECK(isp["status"] == "unknown");
    CHECK(isp["service"]["name"] == "テスト光1");
    auto page = t.reg.Get("/v/" + t.wifi);
    REQUIRE(page);
    CHECK_FALSE(Has(page->body, "Evil_Free_WiFi"));
    CHECK_FALSE(Has(t.reg.Get("/v/" + t.isp)->body, "偽光"));
    // Its certified SSID still finds it, shown as not confirmed.
    const json by_ssid = BodyJson(t.reg.Get("/api/v1/marks?ssid=Test_Free_WiFi_2"));
    REQUIRE(by_ssid["items"].size() == 1);
    CHECK(by_ssid["items"][0]["status"] == "unknown");
  }

  SECTION("an extended valid_until is not valid beyond the signed exp") {
    const std::string until = before["valid_until"];
    TamperExec(db, "UPDATE marks SET valid_until = date(valid_until, '+3 years') WHERE number = '" + t.isp + "'");
    const json shown =
        TamperAwait([&] { return t.Mark(t.isp); }, [](const json& m) { return m["status"] == "unknown"; });
    CHECK(shown["valid_until"] == until);
    // A day after the signed end: still not valid, and the signed date shown.
    t.reg.clock().SetJst(mark::AddDays(*mark::ParseDate(until), 1), std::chrono::hours(12));
    const json later = BodyJson(t.reg.Get("/api/v1/marks/" + t.isp + "/status"));
    CHECK(later["status"] != "valid");
    CHECK(later["valid_until"] == until);
  }

  SECTION("a revoked mark set back to active stays revoked everywhere") {
    TamperExec(db, "UPDATE marks SET state = 'active', revoked_at = NULL, revocation_reason = '' WHERE number = '" +
                       t.revoked + "'");
    const json shown =
        TamperAwait([&] { return t.Mark(t.revoked); }, [](const json& m) { return m["status"] == "unknown"; });
    CHECK(shown["status"] == "unknown");
    CHECK(shown["revocation_reason"] == "基準違反");
    CHECK(BodyJson(t.reg.Get("/api/v1/marks?status=valid"))["items"].size() == 2);
    auto badge = t.reg.Get("/badge/" + t.revoked + ".svg");
    REQUIRE(badge);
    CHECK_FALSE(Has(badge->body, ">有効<"));
    // The signed status list still lists it as revoked.
    auto list = t.reg.Get("/api/v1/status-list.jwt");
    REQUIRE(list);
    const std::string jws = list->body;
    const size_t a = jws.find('.'), b = jws.rfind('.');
    const auto payload = mark::Base64UrlDecode(jws.substr(a + 1, b - a - 1)).value();
    const json entries = json::parse(payload)["entries"];
    const bool listed = std::any_of(entries.begin(), entries.end(), [&](const json& e) {
      return e["number"] == t.revoked && e["status"] == "revoked";
    });
    CHECK(listed);
  }
}

TEST_CASE("the public history has no actors or internal reasons, and the verify page shows it", "[tamper][history]") {
  TamperRegistry t;
  auto r = t.reg.Post("/api/v1/marks/" + t.isp + "/suspend", R"({"reason":"調査中"})");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  auto pub = t.reg.Get("/api/v1/marks/" + t.isp + "/history");
  REQUIRE(pub);
  CHECK(pub->status == 200);
  INFO(pub->body);
  const json events = BodyJson(pub)["events"];
  REQUIRE(events.size() == 2);
  CHECK(events[0]["kind"] == "granted");
  CHECK_FALSE(events[0].contains("reason"));  // names the review
  CHECK(events[1]["kind"] == "suspended");
  CHECK(events[1]["reason"] == "調査中");
  for (const json& e : events) {
    CHECK_FALSE(e.contains("actor"));
    CHECK(e.contains("log_index"));
  }
  CHECK_FALSE(Has(pub->body, "test-secretariat"));
  // With a token, the full history.
  const json full = BodyJson(t.reg.GetAuth("/api/v1/marks/" + t.isp + "/history"))["events"];
  CHECK(full[0]["actor"] == "test-secretariat");
  CHECK(Has(full[0]["reason"].get<std::string>(), "review"));
  // A bad token is refused, not answered publicly.
  auto bad = t.reg.Get("/api/v1/marks/" + t.isp + "/history", {{"Authorization", "Bearer nope"}});
  REQUIRE(bad);
  CHECK(bad->status == 401);
  // The verify page: what changed when, with log indexes.
  auto page = t.reg.Get("/v/" + t.isp + "?lang=en");
  REQUIRE(page);
  CHECK(Has(page->body, "What changed when"));
  CHECK(Has(page->body, "Granted"));
  CHECK(Has(page->body, "Suspended"));
  CHECK(Has(page->body, "調査中"));
  CHECK(Has(page->body, "Log entry " + std::to_string(events[1]["log_index"].get<long long>())));
  CHECK_FALSE(Has(page->body, "test-secretariat"));
}
