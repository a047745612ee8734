// What the secretariat console asks the server for, through the real markd
// on a test clock: mark counts by status and scheme (exact, no paging cap),
// the attention list's kinds of the secretariat's day (applications awaiting
// a decision, fees overdue and due within 7 days, renewal windows open
// without an application, marks lapsing before the next session), the reason
// codes a withdrawal may carry, CVSS v2 base scores and the decision a
// diagnosis report would get, changing nothing. Every date comes from the
// test clock.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "review/calendar.h"
#include "support/process.h"

namespace console_api_test {

using mark::Date;
using mark::testing::TestRegistry;
using nlohmann::json;
namespace rv = mark::review;

json ConsoleJson(const httplib::Result& r) {
  REQUIRE(r);
  INFO(r->body);
  json j = json::parse(r->body, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

int ConsoleStatus(const httplib::Result& r) { return r ? r->status : -1; }

// The items of one kind in an attention answer.
std::vector<json> ItemsOfKind(const json& attention, const std::string& kind) {
  std::vector<json> out;
  for (const json& i : attention["items"])
    if (i["kind"] == kind) out.push_back(i);
  return out;
}

bool HasItemFor(const json& attention, const std::string& kind, const std::string& field, const std::string& value) {
  for (const json& i : ItemsOfKind(attention, kind))
    if (i.contains(field) && i[field].is_string() && i[field] == value) return true;
  return false;
}

// An operator and a service of `scheme`; returns the service id.
std::string ConsoleService(TestRegistry& reg, const std::string& name) {
  auto op = reg.Post(
      "/api/v1/operators",
      json{{"name", name + "株式会社"}, {"name_en", name + " K.K."}, {"website", "https://" + name + ".example.jp/"}}
          .dump());
  REQUIRE(ConsoleStatus(op) == 201);
  auto svc = reg.Post("/api/v1/services", json{{"operator_id", ConsoleJson(op)["id"]},
                                               {"scheme", "isp"},
                                               {"name", name},
                                               {"name_en", name},
                                               {"domains", {name + ".example.jp"}}}
                                              .dump());
  REQUIRE(ConsoleStatus(svc) == 201);
  return ConsoleJson(svc)["id"];
}

TEST_CASE("mark counts by status and scheme come from the server", "[console][counts]") {
  TestRegistry reg;
  auto empty = ConsoleJson(reg.GetAuth("/api/v1/marks/counts"));
  CHECK(empty["total"] == 0);
  CHECK(empty["by_status"]["valid"] == 0);
  CHECK(empty["by_status"]["returned"] == 0);
  CHECK(empty["by_scheme"]["wifi"]["total"] == 0);
  CHECK(empty["as_of"] == mark::FormatDate(reg.clock().Today()));

  const std::string a = reg.GrantSample("isp");
  const std::string b = reg.GrantSample("isp");
  const std::string c = reg.GrantSample("wifi");
  REQUIRE(ConsoleStatus(reg.Post("/api/v1/marks/" + b + "/suspend", json{{"reason", "調査中"}}.dump())) == 200);
  auto counts = ConsoleJson(reg.GetAuth("/api/v1/marks/counts"));
  CHECK(counts["total"] == 3);
  CHECK(counts["by_status"]["valid"] == 2);
  CHECK(counts["by_status"]["suspended"] == 1);
  CHECK(counts["by_scheme"]["isp"]["total"] == 2);
  CHECK(counts["by_scheme"]["isp"]["by_status"]["valid"] == 1);
  CHECK(counts["by_scheme"]["isp"]["by_status"]["suspended"] == 1);
  CHECK(counts["by_scheme"]["wifi"]["by_status"]["valid"] == 1);
  // Status as of the clock: a year and a day later every unsuspended mark has expired.
  reg.clock().SetJst(mark::AddDays(mark::AddYears(reg.clock().Today(), 1), 1), std::chrono::hours(12));
  auto later = ConsoleJson(reg.GetAuth("/api/v1/marks/counts"));
  CHECK(later["by_status"]["valid"] == 0);
  CHECK(later["by_status"]["expired"] == 2);
  CHECK(later["by_status"]["suspended"] == 1);
  // Readers only with a token; no parameters.
  CHECK(ConsoleStatus(reg.Get("/api/v1/marks/counts")) == 401);
  CHECK(ConsoleStatus(reg.GetAuth("/api/v1/marks/counts", reg.CreateToken("auditor", "aud-counts"))) == 200);
  CHECK(ConsoleStatus(reg.GetAuth("/api/v1/marks/counts?scheme=isp")) == 400);
  (void)a;
  (void)c;
}

TEST_CASE("mark counts are exact beyond 10,000 marks", "[console][counts][long]") {
  TestRegistry reg;
  REQUIRE(reg.markd().Stop() == 0);
  auto seeded = reg.Markctl({"bench-seed", "--db", reg.db().string(), "--keys", reg.keys().string(), "--count", "10050",
                             "--public-url", reg.markd().base_url()});
  INFO(seeded.err);
  REQUIRE(seeded.exit_code == 0);
  reg.Restart();
  auto counts = ConsoleJson(reg.GetAuth("/api/v1/marks/counts"));
  CHECK(counts["total"] == 10050);
  long long sum = 0;
  for (const auto& [status, n] : counts["by_status"].items()) sum += n.get<long long>();
  CHECK(sum == 10050);
  CHECK(counts["by_scheme"]["isp"]["total"].get<long long>() + counts["by_scheme"]["wifi"]["total"].get<long long>() ==
        10050);
  // The statuses agree with search's filter, page by page beyond any cap.
  auto suspended = ConsoleJson(reg.GetAuth("/api/v1/marks?status=suspended&limit=100"));
  if (suspended["next_cursor"].is_null())
    CHECK(counts["by_status"]["suspended"].get<size_t>() == suspended["items"].size());
}

TEST_CASE("the attention list names the secretariat's day: applications, fees, renewal windows, lapsing marks",
          "[console][attention]") {
  TestRegistry reg;
  const Date today = reg.clock().Today();
  const std::string auditor = reg.CreateToken("auditor", "aud-day");
  // Every kind is counted, zero when none.
  auto none = ConsoleJson(reg.GetAuth("/api/v1/attention", auditor));
  for (const char* kind : {"application_pending", "fee_overdue", "fee_due_soon", "renewal_window_open",
                           "lapsing_before_session", "shared_ssid", "lookalike_ssid"}) {
    INFO(kind);
    CHECK(none["counts"][kind] == 0);
  }

  // An application filed today: awaiting a decision, its review fee due today.
  const std::string svc = ConsoleService(reg, "attention-a");
  const std::string session = rv::FormatYearMonth(rv::NextSession(today));
  auto app = reg.Post("/api/v1/applications", json{{"service_id", svc},
                                                   {"kind", "new"},
                                                   {"first_review_body", "JAIPA"},
                                                   {"session", session},
                                                   {"application_date", mark::FormatDate(today)}}
                                                  .dump());
  REQUIRE(ConsoleStatus(app) == 201);
  const json application = ConsoleJson(app);
  const std::string app_id = application["id"];
  const std::string fee_id = application["fees"][0]["id"];
  auto day = ConsoleJson(reg.GetAuth("/api/v1/attention"));
  CHECK(day["counts"]["application_pending"] == 1);
  CHECK(HasItemFor(day, "application_pending", "application", app_id));
  CHECK(ItemsOfKind(day, "application_pending")[0]["session"] == session);
  CHECK(day["counts"]["fee_due_soon"] == 1);
  CHECK(day["counts"]["fee_overdue"] == 0);
  CHECK(HasItemFor(day, "fee_due_soon", "fee", fee_id));
  CHECK(ItemsOfKind(day, "fee_due_soon")[0]["due"] == mark::FormatDate(today));

  // The next day the fee is overdue; paid, it leaves the list.
  reg.clock().SetJst(mark::AddDays(today, 1), std::chrono::hours(10));
  day = ConsoleJson(reg.GetAuth("/api/v1/attention"));
  CHECK(day["counts"]["fee_due_soon"] == 0);
  CHECK(day["counts"]["fee_overdue"] == 1);
  CHECK(HasItemFor(day, "fee_overdue", "fee", fee_id));
  REQUIRE(ConsoleStatus(reg.Post("/api/v1/fees/" + fee_id + "/pay", "{}")) == 200);
  day = ConsoleJson(reg.GetAuth("/api/v1/attention"));
  CHECK(day["counts"]["fee_overdue"] == 0);
  CHECK(day["counts"]["application_pending"] == 1);

  // A mark in its renewal window without a renewal application.
  const std::string number = reg.GrantSample("isp");
  auto before = ConsoleJson(reg.GetAuth("/api/v1/attention"));
  CHECK_FALSE(HasItemFor(before, "renewal_window_open", "mark", number));
  CHECK_FALSE(HasItemFor(before, "lapsing_before_session", "mark", number));
  reg.EnterRenewalWindow(number);
  auto window = ConsoleJson(reg.GetAuth("/api/v1/attention"));
  REQUIRE(HasItemFor(window, "renewal_window_open", "mark", number));
  const json mark_json = ConsoleJson(reg.Get("/api/v1/marks/" + number));
  for (const json& i : ItemsOfKind(window, "renewal_window_open"))
    if (i["mark"] == number) CHECK(i["valid_until"] == mark_json["valid_until"]);
  // The mark's last valid day: it lapses before any session that starts after it.
  const Date until = *mark::ParseDate(mark_json["valid_until"].get<std::string>());
  reg.clock().SetJst(until, std::chrono::hours(12));
  auto lapsing = ConsoleJson(reg.GetAuth("/api/v1/attention"));
  REQUIRE(HasItemFor(lapsing, "lapsing_before_session", "mark", number));
  for (const json& i : ItemsOfKind(lapsing, "lapsing_before_session"))
    if (i["mark"] == number) {
      CHECK(i["valid_until"] == mark_json["valid_until"]);
      CHECK(i["application"].is_null());
      const rv::YearMonth next = rv::NextSession(rv::YearMonth{until.year(), until.month()} + std::chrono::months{1});
      CHECK(i["next_session"] == rv::FormatYearMonth(next));
    }
  // A renewal application filed in the window: the window item goes, the
  // lapse stays (the session still comes after the mark's last day) and
  // names the application.
  const std::string mark_service = mark_json["service"]["id"];
  auto renewal = reg.Post("/api/v1/applications", json{{"service_id", mark_service},
                                                       {"kind", "renewal"},
                                                       {"first_review_body", "JAIPA"},
                                                       {"session", rv::FormatYearMonth(rv::NextSession(until))},
                                                       {"application_date", mark::FormatDate(until)}}
                                                      .dump());
  INFO(renewal->body);
  REQUIRE(ConsoleStatus(renewal) == 201);
  auto filed = ConsoleJson(reg.GetAuth("/api/v1/attention"));
  CHECK_FALSE(HasItemFor(filed, "renewal_window_open", "mark", number));
  REQUIRE(HasItemFor(filed, "lapsing_before_session", "mark", number));
  for (const json& i : ItemsOfKind(filed, "lapsing_before_session"))
    if (i["mark"] == number) CHECK(i["application"] == ConsoleJson(renewal)["id"]);
  // Counts agree with the items, kind by kind.
  for (const auto& [kind, n] : filed["counts"].items()) CHECK(ItemsOfKind(filed, kind).size() == n.get<size_t>());
  CHECK(ConsoleStatus(reg.GetAuth("/api/v1/attention", reg.CreateToken("reviewer", "rev-day"))) == 403);
}

TEST_CASE("the reason codes a suspension, revocation or return may carry", "[console][reasons]") {
  TestRegistry reg;
  auto codes = ConsoleJson(reg.GetAuth("/api/v1/reason-codes"));
  auto has = [](const json& list, const std::string& code) {
    return std::find(list.begin(), list.end(), code) != list.end();
  };
  CHECK(has(codes["suspend"], "security_incident"));
  CHECK(has(codes["revoke"], "misrepresentation"));
  CHECK_FALSE(has(codes["revoke"], "ceased_operation"));
  CHECK_FALSE(has(codes["revoke"], "operator_request"));
  CHECK_FALSE(has(codes["suspend"], "superseded"));
  CHECK(codes["return"] == json({"service_ended", "holder_request", "business_transferred", "unspecified"}));
  // Every code offered is accepted by the write it is offered for.
  const std::string number = reg.GrantSample("isp");
  for (const json& code : codes["suspend"]) {
    INFO(code);
    REQUIRE(ConsoleStatus(reg.Post("/api/v1/marks/" + number + "/suspend",
                                   json{{"reason", "確認"}, {"reason_code", code}}.dump())) == 200);
    REQUIRE(ConsoleStatus(reg.Post("/api/v1/marks/" + number + "/reinstate", json{{"reason", "確認済"}}.dump())) ==
            200);
  }
  CHECK(ConsoleStatus(reg.Get("/api/v1/reason-codes")) == 401);
}

TEST_CASE("CVSS v2 base scores and a diagnosis's decision, asked while the report is typed", "[console][cvss2]") {
  TestRegistry reg;
  auto scores =
      ConsoleJson(reg.GetAuth("/api/v1/cvss2?vector=AV:N/AC:L/Au:N/C:P/I:P/A:P&vector=(AV:L/AC:H/Au:M/C:N/I:N/A:P)"
                              "&vector=AV:N/AC:X"));
  REQUIRE(scores["items"].size() == 3);
  CHECK(scores["items"][0]["base_score"] == 7.5);
  CHECK(scores["items"][0]["level"] == "III");
  CHECK(scores["items"][0]["impact_subscore"] == 6.4);
  CHECK(scores["items"][0]["exploitability_subscore"] == 10.0);
  CHECK(scores["items"][1]["normalized"] == "AV:L/AC:H/Au:M/C:N/I:N/A:P");
  CHECK(scores["items"][1]["base_score"] == 0.8);
  CHECK(scores["items"][1]["level"] == "I");
  CHECK(scores["items"][2]["error"].get<std::string>().find("AC:X") != std::string::npos);
  CHECK(ConsoleStatus(reg.GetAuth("/api/v1/cvss2")) == 400);
  CHECK(ConsoleStatus(reg.GetAuth("/api/v1/cvss2?vectr=AV:N")) == 400);
  CHECK(ConsoleStatus(reg.Get("/api/v1/cvss2?vector=AV:N/AC:L/Au:N/C:P/I:P/A:P")) == 401);

  // The decision the report would get on this application; nothing is stored.
  const std::string svc = ConsoleService(reg, "diagnosis-a");
  const Date today = reg.clock().Today();
  auto app = reg.Post("/api/v1/applications", json{{"service_id", svc},
                                                   {"kind", "new"},
                                                   {"first_review_body", "JAIPA"},
                                                   {"session", rv::FormatYearMonth(rv::NextSession(today))},
                                                   {"application_date", mark::FormatDate(today)}}
                                                  .dump());
  REQUIRE(ConsoleStatus(app) == 201);
  const std::string id = ConsoleJson(app)["id"];
  json report = {{"report_date", mark::FormatDate(today)},
                 {"findings",
                  {{{"host", "ns1.example.jp"},
                    {"finding", "old BIND"},
                    {"vector", "AV:N/AC:L/Au:N/C:P/I:P/A:P"},
                    {"resolved", false},
                    {"opinion_attached", true}}}}};
  auto evaluated = ConsoleJson(reg.Post("/api/v1/applications/" + id + "/diagnosis/evaluate", report.dump()));
  CHECK(evaluated["pass"] == false);
  CHECK(evaluated["findings"][0]["score"] == 7.5);
  CHECK_FALSE(evaluated["reasons"].empty());
  report["findings"][0]["resolved"] = true;
  CHECK(ConsoleJson(reg.Post("/api/v1/applications/" + id + "/diagnosis/evaluate", report.dump()))["pass"] == true);
  report["findings"][0]["vector"] = "AV:N/AC:Q";
  auto bad = reg.Post("/api/v1/applications/" + id + "/diagnosis/evaluate", report.dump());
  CHECK(ConsoleStatus(bad) == 400);
  CHECK(bad->body.find("findings[0].vector") != std::string::npos);
  CHECK(ConsoleStatus(reg.Post("/api/v1/applications/ap_none/diagnosis/evaluate",
                               "{\"report_date\":\"2020-01-01\",\"findings\":[]}")) == 404);
  CHECK(ConsoleJson(reg.GetAuth("/api/v1/applications/" + id))["diagnoses"].empty());
}

}  // namespace console_api_test
