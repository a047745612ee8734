// Reviews through the real markd: criteria import, applications,
// the scoring edge cases on a complete set (exactly at the threshold, one
// point under, a gate at 0 with every other point earned), grants and renewals
// that rest only on a passed review (or an import), roles, fees, diagnosis,
// and the calendar as JSON, CSV and iCalendar.
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "review/calendar.h"
#include "support/process.h"

namespace {

using mark::testing::ReadFile;

using mark::testing::TestRegistry;
using nlohmann::json;

const std::string kCompletePath = std::string(MARK_SOURCE_DIR) + "/tests/unit/review/data/isp-synthetic-complete.json";
const std::string kExcerptPath = std::string(MARK_SOURCE_DIR) + "/server/criteria/isp-2023-excerpt.json";

json Body(const httplib::Result& r) {
  json j = mark::testing::BodyJson(r);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

// A registry with the complete synthetic ISP set imported and one service.
struct Fixture {
  TestRegistry reg;
  json set;
  std::string service_id;
  int counter = 0;

  Fixture() {
    set = json::parse(ReadFile(kCompletePath));
    auto c = reg.Post("/api/v1/criteria", set.dump());
    REQUIRE(c);
    REQUIRE(c->status == 201);
    service_id = NewService();
  }

  std::string NewService(const std::string& scheme = "isp") {
    int n = ++counter;
    auto op = reg.Post("/api/v1/operators", json{{"name", "審査通信" + std::to_string(n)},
                                                 {"name_en", "Review Telecom " + std::to_string(n)},
                                                 {"website", "https://review" + std::to_string(n) + ".example.jp/"}}
                                                .dump());
    REQUIRE(op->status == 201);
    json svc = {{"operator_id", Body(op)["id"]},
                {"scheme", scheme},
                {"name", "審査光" + std::to_string(n)},
                {"name_en", "Review Hikari " + std::to_string(n)}};
    if (scheme == "isp")
      svc["domains"] = {"review" + std::to_string(n) + ".example.jp"};
    else
      svc["ssids"] = {"Review_WiFi_" + std::to_string(n)};
    auto s = reg.Post("/api/v1/services", svc.dump());
    REQUIRE(s->status == 201);
    return Body(s)["id"];
  }

  // An application for the latest session on or before today (test clock),
  // dated `date` or else on that session's first day: the session has begun
  // and is not before the application month (review/grant_rules.h).
  std::string Apply(const std::string& svc, const std::string& kind = "new", const std::string& date = "") {
    const mark::review::YearMonth session = mark::review::LatestSession(reg.clock().Today());
    json body = {{"service_id", svc},
                 {"kind", kind},
                 {"first_review_body", "TELESA"},
                 {"session", mark::review::FormatYearMonth(session)},
                 {"application_date", date.empty() ? mark::FormatDate(mark::review::SessionOpens(session)) : date}};
    auto a = reg.Post("/api/v1/applications", body.dump());
    REQUIRE(a);
    INFO(a->body);
    REQUIRE(a->status == 201);
    return Body(a)["id"];
  }

  // Records the application's review fee as paid (a grant needs it).
  void PayReviewFee(const std::string& app) {
    json a = Body(reg.Get("/api/v1/applications/" + app, {{"Authorization", "Bearer " + reg.token()}}));
    for (const json& fee : a["fees"]) {
      if (fee["kind"] == "annual_usage") continue;
      auto paid = reg.Post("/api/v1/fees/" + fee["id"].get<std::string>() + "/pay", "{}");
      REQUIRE(paid);
      REQUIRE(paid->status == 200);
    }
  }

  // A passing item 2-1-1 diagnosis, dated a month before the application.
  void PassingDiagnosis(const std::string& app) {
    json a = Body(reg.Get("/api/v1/applications/" + app, {{"Authorization", "Bearer " + reg.token()}}));
    auto date = mark::ParseDate(a["application_date"].get<std::string>());
    REQUIRE(date);
    json report = {{"report_date", mark::FormatDate(mark::review::AddMonths(*date, -1))}, {"findings", json::array()}};
    auto d = reg.Post("/api/v1/applications/" + app + "/diagnosis", report.dump());
    REQUIRE(d);
    REQUIRE(d->status == 201);
    REQUIRE(Body(d)["pass"] == true);
  }

  // Every applying mandatory item met and every point item at its maximum,
  // then `short_by` points taken from non-gate items.
  json Answers(const std::string& kind, int short_by = 0) const {
    json answers = json::object();
    std::vector<std::string> gates = set["rules"]["gates"];
    for (const json& item : set["items"]) {
      bool applies = false;
      for (const json& k : item["applies"]) applies = applies || k == kind;
      if (!applies) continue;
      std::string id = item["id"];
      if (item.value("mandatory", false)) {
        answers[id] = true;
      } else {
        int max = item["points"];
        int take = 0;
        if (std::find(gates.begin(), gates.end(), id) == gates.end()) take = std::min(short_by, max);
        short_by -= take;
        answers[id] = max - take;
      }
    }
    REQUIRE(short_by == 0);
    return answers;
  }

  httplib::Result Evaluate(const std::string& kind, const json& answers, const std::string& token = "") {
    return reg.Post("/api/v1/review/evaluate",
                    json{{"criteria_id", "isp-synthetic-complete"}, {"kind", kind}, {"answers", answers}}.dump(),
                    token);
  }

  json Review(const std::string& app, const json& answers, const std::string& criteria = "isp-synthetic-complete") {
    auto r = reg.Post("/api/v1/applications/" + app + "/review",
                      json{{"criteria_id", criteria}, {"answers", answers}, {"notes", "審査メモ"}}.dump());
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 201);
    return Body(r);
  }

  httplib::Result Grant(const std::string& svc, const json& extra) {
    json body = {{"service_id", svc}, {"first_review_body", "TELESA"}};
    body.update(extra);
    return reg.Post("/api/v1/marks", body.dump());
  }
};

}  // namespace

TEST_CASE("scoring through the API: exactly at the threshold, one under, a gate at 0", "[reviews]") {
  Fixture f;
  SECTION("new: 92 of 119 passes, 91 fails, a gate at 0 fails with everything else earned") {
    auto at = f.Evaluate("new", f.Answers("new", 119 - 92));
    json d = Body(at);
    CHECK(at->status == 200);
    CHECK(d["pass"] == true);
    CHECK(d["points"] == 92);
    CHECK(d["points_min"] == 92);
    CHECK(d["mandatory_met"] == 29);
    CHECK(d["provisional"] == false);
    CHECK(d["reasons"].empty());

    json under = Body(f.Evaluate("new", f.Answers("new", 119 - 91)));
    CHECK(under["pass"] == false);
    CHECK(under["points"] == 91);
    REQUIRE(under["reasons"].size() == 1);
    CHECK(under["reasons"][0].get<std::string>().find("91") != std::string::npos);

    json gate_answers = f.Answers("new");
    gate_answers["7-1-2"] = 0;
    json gate = Body(f.Evaluate("new", gate_answers));
    CHECK(gate["pass"] == false);
    CHECK(gate["points"] == 114);
    REQUIRE(gate["reasons"].size() == 1);
    CHECK(gate["reasons"][0].get<std::string>().find("7-1-2") != std::string::npos);
  }
  SECTION("renewal: 88 of 114 passes, 87 fails") {
    CHECK(Body(f.Evaluate("renewal", f.Answers("renewal", 114 - 88)))["pass"] == true);
    CHECK(Body(f.Evaluate("renewal", f.Answers("renewal", 114 - 87)))["pass"] == false);
  }
  SECTION("bad answers are errors naming the item") {
    json answers = f.Answers("new");
    answers["7-1-2"] = 6;
    answers["9-9-9"] = true;
    auto r = f.Evaluate("new", answers);
    REQUIRE(r->status == 400);
    std::string body = r->body;
    CHECK(body.find("answers.7-1-2") != std::string::npos);
    CHECK(body.find("answers.9-9-9") != std::string::npos);
    auto unknown = f.reg.Post("/api/v1/review/evaluate",
                              json{{"criteria_id", "nope"}, {"kind", "new"}, {"answers", json::object()}}.dump());
    CHECK(unknown->status == 400);
  }
}

TEST_CASE("a grant needs a passed review and follows only a pass", "[reviews]") {
  Fixture f;
  auto none = f.Grant(f.service_id, json::object());
  REQUIRE(none->status == 409);
  CHECK(Body(none)["detail"].get<std::string>().find("passed review") != std::string::npos);

  std::string app = f.Apply(f.service_id);
  f.PayReviewFee(app);
  json failed = f.Review(app, f.Answers("new", 119 - 91));
  CHECK(failed["pass"] == false);
  CHECK(Body(f.reg.Get("/api/v1/applications/" + app, {{"Authorization", "Bearer " + f.reg.token()}}))["status"] ==
        "failed");
  auto refused = f.Grant(f.service_id, {{"review_id", failed["id"]}});
  REQUIRE(refused->status == 409);
  CHECK(refused->body.find("did not pass") != std::string::npos);

  json gate_answers = f.Answers("new");
  gate_answers["7-1-1"] = 0;
  json gated = f.Review(app, gate_answers);
  CHECK(gated["pass"] == false);
  CHECK(f.Grant(f.service_id, {{"review_id", gated["id"]}})->status == 409);

  json passed = f.Review(app, f.Answers("new", 119 - 92));
  CHECK(passed["pass"] == true);
  CHECK(passed["decision"]["points"] == 92);

  // A pass of another service grounds nothing here.
  std::string other = f.NewService();
  auto wrong = f.Grant(other, {{"review_id", passed["id"]}});
  CHECK(wrong->status == 409);
  CHECK(wrong->body.find("another service") != std::string::npos);

  // Without first_review_body the application's body is used.
  auto granted = f.reg.Post("/api/v1/marks", json{{"service_id", f.service_id}, {"review_id", passed["id"]}}.dump());
  INFO(granted->body);
  REQUIRE(granted->status == 201);
  std::string number = Body(granted)["number"];
  CHECK(number.front() == 'T');

  auto app_after = Body(f.reg.Get("/api/v1/applications/" + app, {{"Authorization", "Bearer " + f.reg.token()}}));
  CHECK(app_after["status"] == "passed");
  CHECK(app_after["mark_number"] == number);
  CHECK(app_after["reviews"].size() == 3);
  CHECK(app_after["reviews"][2]["used_for"] == number);
  // ISP pass: the annual usage fee falls due.
  bool usage = false;
  for (const json& fee : app_after["fees"])
    usage = usage || (fee["kind"] == "annual_usage" && fee["amount_jpy"] == 20000);
  CHECK(usage);

  auto history =
      Body(f.reg.Get("/api/v1/marks/" + number + "/history", {{"Authorization", "Bearer " + f.reg.token()}}));
  CHECK(history["events"][0]["reason"].get<std::string>().find(passed["id"].get<std::string>()) != std::string::npos);

  // The same review cannot ground a second grant, nor a renewal (it is "new").
  auto renew_with_new = f.reg.Post("/api/v1/marks/" + number + "/renew", json{{"review_id", passed["id"]}}.dump());
  CHECK(renew_with_new->status == 409);
}

TEST_CASE("import basis, provisional decisions, renewals", "[reviews]") {
  Fixture f;
  SECTION("import keeps the number and needs it") {
    auto no_number = f.Grant(f.service_id, {{"basis", "import"}});
    CHECK(no_number->status == 400);
    auto imported = f.Grant(f.service_id, {{"basis", "import"}, {"number", "T0072"}, {"note", "紙で許諾"}});
    INFO(imported->body);
    REQUIRE(imported->status == 201);
    CHECK(Body(imported)["number"] == "T0072");
    auto both = f.Grant(f.NewService(), {{"basis", "import"}, {"number", "T0073"}, {"review_id", "rv_x"}});
    CHECK(both->status == 400);
  }
  SECTION("a provisional pass grounds a grant only when accepted explicitly") {
    auto c = f.reg.Post("/api/v1/criteria", ReadFile(kExcerptPath));
    REQUIRE(c->status == 201);
    CHECK(Body(c)["complete"] == false);
    json excerpt = json::parse(ReadFile(kExcerptPath));
    json answers = json::object();
    for (const json& item : excerpt["items"])
      answers[item["id"].get<std::string>()] = item.value("mandatory", false) ? json(true) : json(item["points"]);
    std::string app = f.Apply(f.service_id);
    f.PayReviewFee(app);
    // The excerpt holds item 2-1-1: its answer (typed as met here) must agree
    // with a passing diagnosis on record.
    f.PassingDiagnosis(app);
    json review = f.Review(app, answers, excerpt["id"]);
    CHECK(review["pass"] == true);
    CHECK(review["provisional"] == true);
    auto refused = f.Grant(f.service_id, {{"review_id", review["id"]}});
    CHECK(refused->status == 409);
    CHECK(refused->body.find("provisional") != std::string::npos);
    auto accepted = f.Grant(f.service_id, {{"review_id", review["id"]}, {"accept_provisional", true}});
    REQUIRE(accepted->status == 201);
    std::string number = Body(accepted)["number"];
    auto history =
        Body(f.reg.Get("/api/v1/marks/" + number + "/history", {{"Authorization", "Bearer " + f.reg.token()}}));
    CHECK(history["events"][0]["reason"].get<std::string>().find("provisional") != std::string::npos);
  }
  SECTION("renewal needs a passed renewal review, once") {
    std::string number = f.reg.GrantSample();
    json mark = Body(f.reg.Get("/api/v1/marks/" + number));
    std::string svc = mark["service"]["id"];
    auto bare = f.reg.Post("/api/v1/marks/" + number + "/renew", "{}");
    REQUIRE(bare->status == 409);
    CHECK(bare->body.find("renewal review") != std::string::npos);
    // Renewals are accepted inside the renewal window of the mark's year.
    f.reg.EnterRenewalWindow(number);
    std::string app = f.Apply(svc, "renewal");
    f.PayReviewFee(app);
    json failed = f.Review(app, f.Answers("renewal", 114 - 87));
    CHECK(f.reg.Post("/api/v1/marks/" + number + "/renew", json{{"review_id", failed["id"]}}.dump())->status == 409);
    json passed = f.Review(app, f.Answers("renewal", 114 - 88));
    auto renewed = f.reg.Post("/api/v1/marks/" + number + "/renew", json{{"review_id", passed["id"]}}.dump());
    INFO(renewed->body);
    REQUIRE(renewed->status == 200);
    CHECK(Body(renewed)["valid_until"] != mark["valid_until"]);
    auto again = f.reg.Post("/api/v1/marks/" + number + "/renew", json{{"review_id", passed["id"]}}.dump());
    CHECK(again->status == 409);
    CHECK(again->body.find("already used") != std::string::npos);
    // Renewed, the mark's year has moved on: a paper renewal on top is
    // outside the new year's window.
    auto paper =
        f.reg.Post("/api/v1/marks/" + number + "/renew", json{{"basis", "import"}, {"note", "7月審査会"}}.dump());
    CHECK(paper->status == 409);
    CHECK(paper->body.find("renewal window") != std::string::npos);
    // A new application for a service that holds a mark is refused.
    const std::string next = mark::review::FormatYearMonth(mark::review::NextSession(f.reg.clock().Today()));
    auto wrong_kind = f.reg.Post(
        "/api/v1/applications",
        json{{"service_id", svc}, {"kind", "new"}, {"first_review_body", "JAIPA"}, {"session", next}}.dump());
    CHECK(wrong_kind->status == 409);
  }
}

TEST_CASE("applications: validation and roles", "[reviews]") {
  Fixture f;
  auto bad = f.reg.Post(
      "/api/v1/applications",
      json{{"service_id", f.service_id}, {"kind", "old"}, {"first_review_body", "NTT"}, {"session", "2026-05"}}.dump());
  REQUIRE(bad->status == 400);
  json errors = Body(bad)["errors"];
  CHECK(errors.size() == 3);
  CHECK(bad->body.find("March, July and November") != std::string::npos);

  std::string reviewer = f.reg.CreateToken("reviewer", "reviewer-sato");
  std::string auditor = f.reg.CreateToken("auditor", "auditor-ito");
  std::string app = f.Apply(f.service_id);
  auto by_reviewer =
      f.reg.Post("/api/v1/applications/" + app + "/review",
                 json{{"criteria_id", "isp-synthetic-complete"}, {"answers", f.Answers("new")}}.dump(), reviewer);
  CHECK(by_reviewer->status == 201);
  CHECK(Body(by_reviewer)["decided_by"] == "reviewer-sato");
  CHECK(f.reg.Post("/api/v1/applications", json{{"service_id", f.service_id}}.dump(), reviewer)->status == 403);
  CHECK(f.reg.Post("/api/v1/applications/" + app + "/review", "{}", auditor)->status == 403);
  CHECK(f.reg.Post("/api/v1/criteria", "{}", reviewer)->status == 403);
  CHECK(f.Evaluate("new", f.Answers("new"), auditor)->status == 200);
  auto list = f.reg.Get("/api/v1/applications", {{"Authorization", "Bearer " + auditor}});
  CHECK(list->status == 200);
  CHECK(Body(list)["items"].size() == 1);
  CHECK(f.reg.Get("/api/v1/applications")->status == 401);
  CHECK(f.reg.Get("/api/v1/applications/app_missing", {{"Authorization", "Bearer " + auditor}})->status == 404);

  // Criteria: same content again is fine; different content under the id is not.
  auto same = f.reg.Post("/api/v1/criteria", f.set.dump());
  CHECK(same->status == 200);
  json changed = f.set;
  changed["title"] = "changed";
  CHECK(f.reg.Post("/api/v1/criteria", changed.dump())->status == 409);
  json incoherent = f.set;
  incoherent["id"] = "broken";
  incoherent["rules"]["new"]["mandatory"] = 28;
  auto broken = f.reg.Post("/api/v1/criteria", incoherent.dump());
  CHECK(broken->status == 400);
  CHECK(broken->body.find("rules.new.mandatory") != std::string::npos);
  auto one = f.reg.Get("/api/v1/criteria/isp-synthetic-complete", {{"Authorization", "Bearer " + auditor}});
  CHECK(Body(one)["items"].size() == f.set["items"].size());
}

TEST_CASE("diagnosis report of item 2-1-1 on an application", "[reviews]") {
  Fixture f;
  // Dated on the latest session's first day; the report 76 days before it.
  std::string app = f.Apply(f.service_id);
  const auto app_date = mark::review::SessionOpens(mark::review::LatestSession(f.reg.clock().Today()));
  json report = {{"report_date", mark::FormatDate(mark::AddDays(app_date, -76))},
                 {"findings",
                  {{{"host", "ns1.review1.example.jp"},
                    {"finding", "open resolver"},
                    {"vector", "AV:N/AC:L/Au:N/C:C/I:C/A:C"},
                    {"resolved", false},
                    {"opinion_attached", true}}}}};
  auto d = f.reg.Post("/api/v1/applications/" + app + "/diagnosis", report.dump());
  INFO(d->body);
  REQUIRE(d->status == 201);
  json dj = Body(d);
  CHECK(dj["pass"] == false);
  CHECK(dj["decision"]["findings"][0]["score"] == 10.0);
  report["findings"][0]["resolved"] = true;
  CHECK(Body(f.reg.Post("/api/v1/applications/" + app + "/diagnosis", report.dump()))["pass"] == true);
  report["findings"][0]["vector"] = "AV:N/AC:X/Au:N/C:C/I:C/A:C";
  auto bad = f.reg.Post("/api/v1/applications/" + app + "/diagnosis", report.dump());
  CHECK(bad->status == 400);
  CHECK(bad->body.find("findings[0].vector") != std::string::npos);
  auto app_json = Body(f.reg.Get("/api/v1/applications/" + app, {{"Authorization", "Bearer " + f.reg.token()}}));
  CHECK(app_json["diagnoses"].size() == 2);
}

TEST_CASE("calendar and fees as JSON, CSV for Excel and iCalendar", "[reviews]") {
  Fixture f;
  // An imported mark: its first review month is taken from valid_from, so
  // the renewal is due in 2027-01 and goes to the March 2027 session.
  auto granted = f.Grant(f.NewService(), {{"basis", "import"}, {"number", "T0100"}, {"valid_from", "2026-01-10"}});
  REQUIRE(granted->status == 201);
  std::string number = Body(granted)["number"];
  // An application dated long ago: its review fee is overdue.
  std::string app = f.Apply(f.service_id, "new", "2020-01-06");
  const httplib::Headers auth = {{"Authorization", "Bearer " + f.reg.token()}};

  auto renewals = f.reg.Get("/api/v1/calendar/renewals?within_days=400", auth);
  REQUIRE(renewals->status == 200);
  json items = Body(renewals)["items"];
  json row;
  for (const json& r : items)
    if (r["number"] == number) row = r;
  REQUIRE(row.is_object());
  CHECK(row["valid_until"] == "2027-01-09");
  CHECK(row["renewal_due_month"] == "2027-01");
  CHECK(row["next_session"] == "2027-03");
  CHECK(f.reg.Get("/api/v1/calendar/renewals?within_days=abc", auth)->status == 400);
  CHECK(f.reg.Get("/api/v1/calendar/renewals?format=xml", auth)->status == 400);

  auto csv = f.reg.Get("/api/v1/calendar/renewals?within_days=400&format=csv", auth);
  REQUIRE(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
  const std::string& text = csv->body;
  REQUIRE(text.size() > 3);
  CHECK(text.substr(0, 3) == "\xEF\xBB\xBF");
  CHECK(text.find("番号,制度,事業者,サービス,有効期間開始,有効期限,残日数,更新申請月,次回審査会,状態\r\n") == 3);
  CHECK(text.find(number + ",ISP版,審査通信2,審査光2,2026-01-10,2027-01-09,") != std::string::npos);
  CHECK(text.find("2027-01-09") != std::string::npos);

  auto fees = Body(f.reg.Get("/api/v1/calendar/fees?state=overdue", auth))["items"];
  REQUIRE(fees.size() == 1);
  CHECK(fees[0]["application_id"] == app);
  CHECK(fees[0]["amount_jpy"] == 80000);
  CHECK(fees[0]["due"] == "2020-01-06");
  auto fees_csv = f.reg.Get("/api/v1/calendar/fees?format=csv", auth);
  CHECK(fees_csv->body.substr(0, 3) == "\xEF\xBB\xBF");
  CHECK(fees_csv->body.find("新規審査料金,80000,2020-01-06,,期限超過\r\n") != std::string::npos);
  auto paid =
      f.reg.Post("/api/v1/fees/" + fees[0]["id"].get<std::string>() + "/pay", json{{"paid_on", "2020-01-05"}}.dump());
  REQUIRE(paid->status == 200);
  CHECK(Body(paid)["state"] == "paid");
  CHECK(f.reg.Post("/api/v1/fees/" + fees[0]["id"].get<std::string>() + "/pay", "{}")->status == 409);
  CHECK(Body(f.reg.Get("/api/v1/calendar/fees?state=overdue", auth))["items"].empty());

  auto ics = f.reg.Get("/api/v1/calendar.ics", auth);
  REQUIRE(ics->status == 200);
  CHECK(ics->get_header_value("Content-Type") == "text/calendar; charset=utf-8");
  const std::string& cal = ics->body;
  CHECK(cal.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0) == 0);
  CHECK(cal.find("END:VCALENDAR\r\n") == cal.size() - 15);
  CHECK(cal.find("SUMMARY:2次審査会") != std::string::npos);
  CHECK(cal.find("UID:expiry-" + number + "-2027-01-09@127.0.0.1") != std::string::npos);
  CHECK(cal.find("DTSTART;VALUE=DATE:20270109") != std::string::npos);
  CHECK(cal.find("UID:renewal-" + number + "-") != std::string::npos);
  // Every line ends with CRLF and fits in 75 octets (RFC 5545 3.1).
  size_t start = 0;
  while (start < cal.size()) {
    size_t end = cal.find("\r\n", start);
    REQUIRE(end != std::string::npos);
    CHECK(end - start <= 75);
    start = end + 2;
  }
  CHECK(f.reg.Get("/api/v1/calendar.ics")->status == 401);
}

TEST_CASE("a calendar app subscribes with a calendar token in the URL, which opens nothing else",
          "[reviews][calendar][auth]") {
  TestRegistry reg;
  const std::string feed = reg.CreateToken("calendar", "office-calendar");
  auto ics = reg.Get("/api/v1/calendar.ics?token=" + feed);
  REQUIRE(ics);
  CHECK(ics->status == 200);
  CHECK(ics->get_header_value("Content-Type") == "text/calendar; charset=utf-8");
  CHECK(ics->get_header_value("Cache-Control") == "no-store");
  CHECK(ics->body.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
  CHECK(reg.GetAuth("/api/v1/calendar.ics", feed)->status == 200);

  // It reads the feed and nothing else.
  const std::string op = json{{"name", "x"}, {"name_en", "x"}, {"website", "https://x.example.jp/"}}.dump();
  for (const char* path :
       {"/api/v1/calendar/renewals", "/api/v1/calendar/fees", "/api/v1/operators", "/api/v1/audit", "/api/v1/reports"})
    CHECK(reg.GetAuth(path, feed)->status == 403);
  CHECK(reg.Post("/api/v1/operators", op, feed)->status == 403);
  CHECK(reg.Get("/api/v1/operators?token=" + feed)->status == 401);

  // A token that can change the registry is refused in a URL, with advice.
  auto leaked = reg.Get("/api/v1/calendar.ics?token=" + reg.token());
  REQUIRE(leaked);
  CHECK(leaked->status == 403);
  CHECK(leaked->body.find("revoke") != std::string::npos);
  CHECK(leaked->body.find("VCALENDAR") == std::string::npos);
  CHECK(reg.Get("/api/v1/operators?token=" + reg.token())->status == 401);

  // One token, one way.
  CHECK(reg.Get("/api/v1/calendar.ics?token=mk_not-a-real-token")->status == 401);
  CHECK(reg.Get("/api/v1/calendar.ics?token=" + feed + "&token=mk_another-token")->status == 401);
  CHECK(reg.Get("/api/v1/calendar.ics?token=" + feed, {{"Authorization", "Bearer " + feed}})->status == 401);

  // Revoked, it opens nothing.
  auto revoked = mark::testing::Markctl({"token", "revoke", "--db", reg.db().string(), "--name", "office-calendar"});
  REQUIRE(revoked.exit_code == 0);
  CHECK(reg.Get("/api/v1/calendar.ics?token=" + feed)->status == 401);

  auto audit = Body(reg.GetAuth("/api/v1/audit"));
  CHECK(audit.dump().find("a secretariat token was sent in a URL") != std::string::npos);
  CHECK(audit.dump().find(feed) == std::string::npos);
  // markd's log, once it holds the line of that last request, has no token.
  const std::string log =
      mark::testing::ReadUntilHasAll([&] { return reg.markd().Log(); }, {"access GET /api/v1/audit 200"});
  CHECK(log.find("access GET /api/v1/calendar.ics 200") != std::string::npos);
  CHECK(log.find(feed) == std::string::npos);
}

TEST_CASE("markctl criteria import stores a set markd then lists", "[reviews]") {
  TestRegistry reg;
  auto r = mark::testing::Markctl({"criteria", "import", kExcerptPath, "--db", reg.db().string()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "isp-2023-excerpt\n");
  auto again = mark::testing::Markctl({"criteria", "import", kExcerptPath, "--db", reg.db().string()});
  CHECK(again.exit_code == 0);
  auto list = Body(reg.Get("/api/v1/criteria", {{"Authorization", "Bearer " + reg.token()}}));
  REQUIRE(list["items"].size() == 1);
  CHECK(list["items"][0]["complete"] == false);
  CHECK(list["items"][0]["imported_by"] == "markctl");
}

TEST_CASE("the console is served from a fixed list under /admin/", "[reviews]") {
  TestRegistry reg({"--static", std::string(MARK_SOURCE_DIR) + "/static"});
  auto page = reg.Get("/admin/");
  REQUIRE(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->get_header_value("Content-Security-Policy").find("script-src 'self'") != std::string::npos);
  CHECK(page->body.find("admin.js") != std::string::npos);
  // Revalidated on every use, and cheaply: a reload is a 304.
  CHECK(page->get_header_value("Cache-Control") == "no-cache");
  const std::string etag = page->get_header_value("ETag");
  REQUIRE_FALSE(etag.empty());
  auto again = reg.Get("/admin/", {{"If-None-Match", etag}});
  REQUIRE(again);
  CHECK(again->status == 304);
  CHECK(reg.Get("/admin/admin.js")->get_header_value("ETag") != etag);
  CHECK(reg.Get("/admin/admin.js")->status == 200);
  CHECK(reg.Get("/admin/admin.css")->status == 200);
  CHECK(reg.Get("/admin/index.html")->status == 404);
  CHECK(reg.Get("/admin/adminXjs")->status == 404);
  CHECK(reg.Get("/admin")->status == 301);
}
