// The council's rules at every grant and renewal, through the real markd on
// a test clock (review/grant_rules.h, registry/validity.h RenewalWindow):
// the renewal window on every basis (paper included) with its midnight-JST
// edges, continuous renewal after a lapse inside it; item 2-1-1 answered from
// the diagnosis on record; the review fee paid or waived; the session month
// reached and not before the application month; valid_from not before the
// decision; and the demo's pending application granted over HTTP. Every
// date comes from the test clock.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "review/calendar.h"
#include "support/process.h"

namespace rules_test {

using mark::Date;
using mark::testing::TestRegistry;
using nlohmann::json;
namespace rv = mark::review;

json Json(const httplib::Result& r) {
  json j = mark::testing::BodyJson(r);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

std::string Day(Date d) { return mark::FormatDate(d); }

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The fields a refusal names (its rules).
std::vector<std::string> RefusedRules(const json& problem) {
  std::vector<std::string> out;
  if (problem.contains("errors"))
    for (const json& e : problem["errors"]) out.push_back(e.value("field", ""));
  return out;
}

// A registry with a small complete ISP set that holds item 2-1-1.
struct Rules {
  TestRegistry reg;
  int counter = 0;
  static constexpr const char* kSet = "rules-isp-2-1-1";

  Rules() {
    json set = {{"id", kSet},
                {"scheme", "isp"},
                {"complete", true},
                {"rules",
                 {{"new", {{"mandatory", 2}, {"points_max", 0}, {"points_min", 0}}},
                  {"renewal", {{"mandatory", 2}, {"points_max", 0}, {"points_min", 0}}},
                  {"gates", json::array()}}},
                {"items",
                 {{{"id", "1-1-1"},
                   {"category", 1},
                   {"title", "方針"},
                   {"title_en", "Policy"},
                   {"mandatory", true},
                   {"applies", {"new", "renewal"}},
                   {"evidence", "document"}},
                  {{"id", "2-1-1"},
                   {"category", 2},
                   {"title", "診断"},
                   {"title_en", "Diagnosis"},
                   {"mandatory", true},
                   {"applies", {"new", "renewal"}},
                   {"evidence", "document"}}}}};
    auto c = reg.Post("/api/v1/criteria", set.dump());
    REQUIRE(c);
    REQUIRE(c->status == 201);
  }

  Date Today() { return reg.clock().Today(); }

  std::string NewService() {
    int n = ++counter;
    auto op = reg.Post("/api/v1/operators", json{{"name", "規則通信" + std::to_string(n)},
                                                 {"name_en", "Rules Telecom " + std::to_string(n)},
                                                 {"website", "https://rules" + std::to_string(n) + ".example.jp/"}}
                                                .dump());
    REQUIRE(op->status == 201);
    auto s = reg.Post("/api/v1/services", json{{"operator_id", Json(op)["id"]},
                                               {"scheme", "isp"},
                                               {"name", "規則光" + std::to_string(n)},
                                               {"name_en", "Rules Hikari " + std::to_string(n)},
                                               {"domains", {"rules" + std::to_string(n) + ".example.jp"}}}
                                              .dump());
    REQUIRE(s->status == 201);
    return Json(s)["id"];
  }

  // An application for `session`, dated `date`; answers the application.
  json Apply(const std::string& svc, rv::YearMonth session, Date date, const std::string& kind = "new") {
    auto a = reg.Post("/api/v1/applications", json{{"service_id", svc},
                                                   {"kind", kind},
                                                   {"first_review_body", "JAIPA"},
                                                   {"session", rv::FormatYearMonth(session)},
                                                   {"application_date", Day(date)}}
                                                  .dump());
    REQUIRE(a);
    INFO(a->body);
    REQUIRE(a->status == 201);
    return Json(a);
  }
  // Filed for the latest session on or before today, dated on its first day.
  json ApplyNow(const std::string& svc, const std::string& kind = "new") {
    const rv::YearMonth s = rv::LatestSession(Today());
    return Apply(svc, s, rv::SessionOpens(s), kind);
  }

  std::string ReviewFeeId(const json& app) {
    for (const json& f : app["fees"])
      if (f["kind"] != "annual_usage") return f["id"];
    FAIL("no review fee on " << app.dump());
    return "";
  }
  void PayReviewFee(const json& app) {
    auto p = reg.Post("/api/v1/fees/" + ReviewFeeId(app) + "/pay", "{}");
    REQUIRE(p);
    REQUIRE(p->status == 200);
  }

  // A diagnosis report dated 10 days before the application; `unresolved_10`
  // adds an unresolved CVSS 10.0 finding (Level III), which fails it.
  json Diagnose(const json& app, bool unresolved_10) {
    const Date app_date = *mark::ParseDate(app["application_date"].get<std::string>());
    json report = {{"report_date", Day(mark::AddDays(app_date, -10))},
                   {"cover_list_attached", true},
                   {"summary_attached", true},
                   {"findings",
                    {{{"host", "ns1.rules.example.jp"},
                      {"finding", "open resolver"},
                      {"vector", "AV:N/AC:L/Au:N/C:C/I:C/A:C"},
                      {"resolved", !unresolved_10},
                      {"opinion_attached", true}}}}};
    auto d = reg.Post("/api/v1/applications/" + app["id"].get<std::string>() + "/diagnosis", report.dump());
    REQUIRE(d);
    REQUIRE(d->status == 201);
    json dj = Json(d);
    REQUIRE(dj["pass"] == !unresolved_10);
    return dj;
  }

  httplib::Result Review(const json& app, const json& answers) {
    return reg.Post("/api/v1/applications/" + app["id"].get<std::string>() + "/review",
                    json{{"criteria_id", kSet}, {"answers", answers}}.dump());
  }
  // A passing review, 2-1-1 left to the diagnosis on record.
  std::string PassedReview(const json& app) {
    auto r = Review(app, {{"1-1-1", true}});
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 201);
    json j = Json(r);
    REQUIRE(j["pass"] == true);
    return j["id"];
  }

  httplib::Result Grant(const std::string& svc, const std::string& review, const json& extra = json::object()) {
    json body = {{"service_id", svc}, {"review_id", review}};
    body.update(extra);
    return reg.Post("/api/v1/marks", body.dump());
  }

  // A mark imported from paper, valid from `from` (one year).
  json Import(Date from, const std::string& number) {
    auto m = reg.Post("/api/v1/marks", json{{"service_id", NewService()},
                                            {"first_review_body", "JAIPA"},
                                            {"basis", "import"},
                                            {"number", number},
                                            {"valid_from", Day(from)},
                                            {"note", "紙の許諾"}}
                                           .dump());
    REQUIRE(m);
    INFO(m->body);
    REQUIRE(m->status == 201);
    return Json(m);
  }

  httplib::Result RenewOnPaper(const std::string& number) {
    return reg.Post("/api/v1/marks/" + number + "/renew", json{{"basis", "import"}, {"note", "審査会"}}.dump());
  }
};

// The tests live in the namespace too: no using-directive leaks into a
// unity build's next file.

TEST_CASE("an import whose year ends in two months renews once and then is outside the new window", "[rules][window]") {
  Rules f;
  const Date today = f.Today();
  // Its year ends two months from today.
  json m = f.Import(mark::AddYears(rv::AddMonths(today, 2), -1), "J0072");
  const Date until = *mark::ParseDate(m["valid_until"].get<std::string>());
  REQUIRE(until > today);
  REQUIRE(until <= rv::AddMonths(today, 2));

  auto first = f.RenewOnPaper("J0072");
  INFO(first->body);
  REQUIRE(first->status == 200);
  json renewed = Json(first);
  const Date new_until = *mark::ParseDate(renewed["valid_until"].get<std::string>());
  CHECK(new_until == mark::AddDays(mark::AddYears(mark::AddDays(until, 1), 1), -1));
  CHECK(renewed["valid_from"] == m["valid_from"]);
  CHECK(renewed["status"] == "valid");

  // The window now belongs to the year ending on new_until: it opens four
  // months before it (an import's first review month is its valid_from's).
  const std::string opens = Day(rv::AddMonths(new_until, -4));
  for (int attempt = 2; attempt <= 3; ++attempt) {
    auto again = f.RenewOnPaper("J0072");
    INFO("attempt " << attempt << ": " << again->body);
    REQUIRE(again->status == 409);
    json problem = Json(again);
    CHECK(RefusedRules(problem) == std::vector<std::string>{"renewal_window"});
    const std::string detail = problem["detail"];
    CHECK(Contains(detail, "renewal window"));
    CHECK(Contains(detail, "opens on " + opens));
    CHECK(Contains(detail, "closes on " + Day(rv::AddMonths(new_until, 3))));
  }
  CHECK(Json(f.reg.Get("/api/v1/marks/J0072"))["valid_until"] == Day(new_until));
  auto history = Json(f.reg.GetAuth("/api/v1/marks/J0072/history"))["events"];
  REQUIRE(history.size() == 2);
  CHECK(history[1]["kind"] == "renewed");
  CHECK(Contains(history[1]["reason"], "imported renewal"));
}

TEST_CASE("a mark granted today cannot be renewed: the refusal says when its window opens", "[rules][window]") {
  Rules f;
  const Date today = f.Today();
  const std::string number = f.reg.GrantSample();
  json m = Json(f.reg.Get("/api/v1/marks/" + number));
  const Date until = *mark::ParseDate(m["valid_until"].get<std::string>());
  // The sample's application was dated on the first day of the latest
  // session, so its renewal is due in that month a year later; the window
  // opens on the earlier of that day and four months before valid_until.
  const rv::YearMonth session = rv::LatestSession(today);
  const Date due = (session + std::chrono::years{1}) / 1;
  const Date four_before = rv::AddMonths(until, -4);
  const Date opens = due < four_before ? due : four_before;
  for (const json& body : {json{{"basis", "import"}},
                           json{{"review_id", f.reg.RecordPassedReview(m["service"]["id"], "isp", "renewal")}}}) {
    auto r = f.reg.Post("/api/v1/marks/" + number + "/renew", body.dump());
    INFO(r->body);
    REQUIRE(r->status == 409);
    json problem = Json(r);
    CHECK(RefusedRules(problem) == std::vector<std::string>{"renewal_window"});
    CHECK(Contains(problem["detail"], "opens on " + Day(opens)));
    CHECK(Contains(problem["detail"], "today is " + Day(today)));
  }
  // The renewal calendar shows the same window.
  auto cal = Json(f.reg.GetAuth("/api/v1/calendar/renewals?within_days=400"))["items"];
  json row;
  for (const json& r : cal)
    if (r["number"] == number) row = r;
  REQUIRE(row.is_object());
  CHECK(row["renewal_window"]["opens"] == Day(opens));
  CHECK(row["renewal_window"]["closes"] == Day(rv::AddMonths(until, 3)));
  CHECK(row["renewal_due_month"] == rv::FormatYearMonth(session + std::chrono::years{1}));
}

TEST_CASE("the renewal window's edges at midnight JST, both ends", "[rules][window]") {
  Rules f;
  const Date today = f.Today();
  // Two imports valid from today: each year ends on `until`; an import's
  // window opens four months before it and closes three months after.
  const std::string a = f.Import(today, "J0100")["number"];
  const std::string b = f.Import(today, "J0101")["number"];
  const Date until = mark::AddDays(mark::AddYears(today, 1), -1);
  const Date opens = rv::AddMonths(until, -4);
  const Date closes = rv::AddMonths(until, 3);

  SECTION("opening edge: 23:59:59 JST the day before is refused, 00:00 JST on the day renews") {
    f.reg.clock().SetJst(opens, std::chrono::seconds(-1));
    auto early = f.RenewOnPaper(a);
    REQUIRE(early->status == 409);
    CHECK(Contains(Json(early)["detail"], "opens on " + Day(opens)));
    f.reg.clock().SetJst(opens);
    auto on_time = f.RenewOnPaper(a);
    INFO(on_time->body);
    REQUIRE(on_time->status == 200);
    CHECK(Json(on_time)["valid_until"] == Day(mark::AddDays(mark::AddYears(mark::AddDays(until, 1), 1), -1)));
  }
  SECTION("closing edge: 00:00 JST the day after is refused, 23:59:59 JST on the day renews the lapsed mark") {
    f.reg.clock().SetJst(mark::AddDays(closes, 1));
    auto late = f.RenewOnPaper(b);
    REQUIRE(late->status == 409);
    json problem = Json(late);
    CHECK(Contains(problem["detail"], "closes on " + Day(closes)));
    CHECK(Contains(problem["detail"], "new application"));
    f.reg.clock().SetJst(closes, std::chrono::hours(24) - std::chrono::seconds(1));
    CHECK(Json(f.reg.Get("/api/v1/marks/" + b))["status"] == "expired");
    auto last_day = f.RenewOnPaper(b);
    INFO(last_day->body);
    REQUIRE(last_day->status == 200);
    json renewed = Json(last_day);
    // Continuous from the old end, although the session decided after the lapse.
    CHECK(renewed["valid_from"] == Day(today));
    CHECK(renewed["valid_until"] == Day(mark::AddDays(mark::AddYears(mark::AddDays(until, 1), 1), -1)));
    CHECK(renewed["status"] == "valid");
  }
}

TEST_CASE("a lapsed mark renewed inside three months continues from its old valid_until", "[rules][window]") {
  Rules f;
  const std::string number = f.reg.GrantSample();
  json m = Json(f.reg.Get("/api/v1/marks/" + number));
  const Date until = *mark::ParseDate(m["valid_until"].get<std::string>());
  const std::string svc = m["service"]["id"];
  // A month after it lapsed, the renewal review of the latest session passes.
  f.reg.clock().SetJst(rv::AddMonths(until, 1), std::chrono::hours(10));
  CHECK(Json(f.reg.Get("/api/v1/marks/" + number))["status"] == "expired");
  const std::string review = f.reg.RecordPassedReview(svc, "isp", "renewal");
  auto r = f.reg.Post("/api/v1/marks/" + number + "/renew", json{{"review_id", review}}.dump());
  INFO(r->body);
  REQUIRE(r->status == 200);
  json renewed = Json(r);
  CHECK(renewed["valid_from"] == m["valid_from"]);
  CHECK(renewed["valid_until"] == Day(mark::AddDays(mark::AddYears(mark::AddDays(until, 1), 1), -1)));
  CHECK(renewed["status"] == "valid");
}

TEST_CASE("past the window, a lapsed mark is granted again only on a new application", "[rules][window]") {
  Rules f;
  const std::string number = f.reg.GrantSample();
  json m = Json(f.reg.Get("/api/v1/marks/" + number));
  const Date until = *mark::ParseDate(m["valid_until"].get<std::string>());
  const std::string svc = m["service"]["id"];
  // While the mark can be renewed, a new application is refused.
  const rv::YearMonth now_session = rv::LatestSession(f.Today());
  auto early = f.reg.Post("/api/v1/applications", json{{"service_id", svc},
                                                       {"kind", "new"},
                                                       {"first_review_body", "JAIPA"},
                                                       {"session", rv::FormatYearMonth(now_session)},
                                                       {"application_date", Day(rv::SessionOpens(now_session))}}
                                                      .dump());
  CHECK(early->status == 409);
  // The day after the window closed: no renewal, but a new application.
  f.reg.clock().SetJst(mark::AddDays(rv::AddMonths(until, 3), 1), std::chrono::hours(9));
  auto late = f.RenewOnPaper(number);
  REQUIRE(late->status == 409);
  CHECK(Contains(Json(late)["detail"], "new application"));
  json app = f.ApplyNow(svc);
  f.PayReviewFee(app);
  f.Diagnose(app, false);
  const std::string review = f.PassedReview(app);
  auto again = f.Grant(svc, review);
  INFO(again->body);
  REQUIRE(again->status == 201);
  json granted = Json(again);
  CHECK(granted["number"] == number);  // the number stays with the service
  CHECK(granted["valid_from"] == Day(f.Today()));
  CHECK(granted["valid_until"] == Day(mark::AddDays(mark::AddYears(f.Today(), 1), -1)));
  CHECK(granted["status"] == "valid");
  auto history = Json(f.reg.GetAuth("/api/v1/marks/" + number + "/history"))["events"];
  REQUIRE(history.size() == 2);
  CHECK(history[1]["kind"] == "granted");
  CHECK(Contains(history[1]["reason"], review));
  // The registry still checks out: every mark agrees with its history.
  auto check = f.reg.Markctl({"check", "--db", f.reg.db().string(), "--keys", f.reg.keys().string()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
}

TEST_CASE("item 2-1-1 comes from the diagnosis and a grant over a failed diagnosis is refused", "[rules][diagnosis]") {
  Rules f;
  const std::string svc = f.NewService();
  json app = f.ApplyNow(svc);
  f.PayReviewFee(app);

  // No diagnosis yet: 2-1-1 left out counts as not met; typed as met, refused.
  auto none = f.Review(app, {{"1-1-1", true}});
  REQUIRE(none->status == 201);
  CHECK(Json(none)["pass"] == false);
  CHECK(Contains(none->body, "2-1-1"));
  auto typed = f.Review(app, {{"1-1-1", true}, {"2-1-1", true}});
  REQUIRE(typed->status == 409);
  CHECK(RefusedRules(Json(typed)) == std::vector<std::string>{"answers.2-1-1"});

  // A passing diagnosis: the review passes with 2-1-1 taken from it.
  const std::string passing = f.Diagnose(app, false)["id"];
  const std::string review = f.PassedReview(app);
  auto stored = Json(f.reg.GetAuth("/api/v1/applications/" + app["id"].get<std::string>()));
  json answer = stored["reviews"].back()["answers"]["2-1-1"];
  CHECK(answer["value"] == true);
  CHECK(Contains(answer["note"], passing));

  // Then a report with an unresolved CVSS 10.0 finding: the latest diagnosis
  // fails, a review typing 2-1-1 as met is refused, and the grant too.
  const std::string failing = f.Diagnose(app, true)["id"];
  auto contradicting = f.Review(app, {{"1-1-1", true}, {"2-1-1", {{"value", true}}}});
  REQUIRE(contradicting->status == 409);
  CHECK(Contains(Json(contradicting)["detail"], failing));
  auto refused = f.Grant(svc, review);
  INFO(refused->body);
  REQUIRE(refused->status == 409);
  json problem = Json(refused);
  CHECK(RefusedRules(problem) == std::vector<std::string>{"item_2_1_1"});
  const std::string detail = problem["detail"];
  CHECK(Contains(detail, "item 2-1-1"));
  CHECK(Contains(detail, failing));
  CHECK(Contains(detail, "CVSS 10.0"));

  // Resolved and reported again: granted on the same review.
  f.Diagnose(app, false);
  auto granted = f.Grant(svc, review);
  INFO(granted->body);
  CHECK(granted->status == 201);
}

TEST_CASE("the review fee: unpaid is refused, paid or waived is granted", "[rules][fees]") {
  Rules f;
  const std::string reviewer = f.reg.CreateToken("reviewer", "reviewer-kato");
  const std::string paid_svc = f.NewService(), waived_svc = f.NewService();
  json paid_app = f.ApplyNow(paid_svc), waived_app = f.ApplyNow(waived_svc);
  f.Diagnose(paid_app, false);
  f.Diagnose(waived_app, false);
  const std::string paid_review = f.PassedReview(paid_app), waived_review = f.PassedReview(waived_app);

  for (const auto& [svc, review] : {std::pair{paid_svc, paid_review}, std::pair{waived_svc, waived_review}}) {
    auto unpaid = f.Grant(svc, review);
    INFO(unpaid->body);
    REQUIRE(unpaid->status == 409);
    json problem = Json(unpaid);
    CHECK(RefusedRules(problem) == std::vector<std::string>{"review_fee"});
    CHECK(Contains(problem["detail"], "neither paid nor waived"));
  }

  f.PayReviewFee(paid_app);
  CHECK(f.Grant(paid_svc, paid_review)->status == 201);

  const std::string fee = f.ReviewFeeId(waived_app);
  CHECK(f.reg.Post("/api/v1/fees/" + fee + "/waive", "{}")->status == 400);  // a reason is required
  CHECK(f.reg.Post("/api/v1/fees/" + fee + "/waive", json{{"reason", "x"}}.dump(), reviewer)->status == 403);
  auto waived = f.reg.Post("/api/v1/fees/" + fee + "/waive", json{{"reason", "災害による減免"}}.dump());
  INFO(waived->body);
  REQUIRE(waived->status == 200);
  json wj = Json(waived);
  CHECK(wj["state"] == "waived");
  CHECK(wj["paid_on"].is_null());
  CHECK(wj["waived"]["by"] == "test-secretariat");
  CHECK(wj["waived"]["reason"] == "災害による減免");
  CHECK(mark::ParseInstant(wj["waived"]["at"].get<std::string>()).has_value());
  CHECK(f.reg.Post("/api/v1/fees/" + fee + "/waive", json{{"reason", "again"}}.dump())->status == 409);
  CHECK(f.reg.Post("/api/v1/fees/" + fee + "/pay", "{}")->status == 409);
  CHECK(f.reg.Post("/api/v1/fees/" + f.ReviewFeeId(paid_app) + "/waive", json{{"reason", "late"}}.dump())->status ==
        409);
  auto granted = f.Grant(waived_svc, waived_review);
  INFO(granted->body);
  CHECK(granted->status == 201);

  // Shown where fees are shown, and audited.
  auto app_json = Json(f.reg.GetAuth("/api/v1/applications/" + waived_app["id"].get<std::string>()));
  json shown;
  for (const json& x : app_json["fees"])
    if (x["id"] == fee) shown = x;
  CHECK(shown["state"] == "waived");
  CHECK(shown["waived"]["reason"] == "災害による減免");
  auto listed = Json(f.reg.GetAuth("/api/v1/calendar/fees"))["items"];
  bool in_list = false;
  for (const json& x : listed)
    in_list = in_list || (x["id"] == fee && x["state"] == "waived" && x["waived"]["by"] == "test-secretariat");
  CHECK(in_list);
  CHECK(Contains(f.reg.GetAuth("/api/v1/calendar/fees?format=csv")->body, ",免除\r\n"));
  auto audit = Json(f.reg.GetAuth("/api/v1/audit?limit=100"));
  bool audited = false;
  for (const json& x : audit["items"])
    audited = audited || (x["action"] == "fee.waive" && x["target"] == fee && x["outcome"] == "ok");
  CHECK(audited);
}

TEST_CASE("a grant waits for the 1st of its session month (JST)", "[rules][session]") {
  Rules f;
  const Date today = f.Today();
  const std::string svc = f.NewService();
  // Filed today for the next session that has not begun.
  const rv::YearMonth next = rv::NextSession(rv::AddMonths(today, 1));
  json app = f.Apply(svc, next, today);
  f.PayReviewFee(app);
  f.Diagnose(app, false);
  const std::string review = f.PassedReview(app);
  auto early = f.Grant(svc, review);
  INFO(early->body);
  REQUIRE(early->status == 409);
  json problem = Json(early);
  CHECK(RefusedRules(problem) == std::vector<std::string>{"session"});
  CHECK(Contains(problem["detail"], "opens on " + Day(rv::SessionOpens(next))));

  f.reg.clock().SetJst(rv::SessionOpens(next), std::chrono::seconds(-1));
  CHECK(f.Grant(svc, review)->status == 409);
  f.reg.clock().SetJst(rv::SessionOpens(next));
  auto on_the_first = f.Grant(svc, review);
  INFO(on_the_first->body);
  REQUIRE(on_the_first->status == 201);
  CHECK(Json(on_the_first)["valid_from"] == Day(rv::SessionOpens(next)));
}

TEST_CASE("an application's session is not before its month", "[rules][session]") {
  Rules f;
  const std::string svc = f.NewService();
  const rv::YearMonth latest = rv::LatestSession(f.Today());
  // Dated in the month after a session, for that session.
  auto r =
      f.reg.Post("/api/v1/applications", json{{"service_id", svc},
                                              {"kind", "new"},
                                              {"first_review_body", "JAIPA"},
                                              {"session", rv::FormatYearMonth(latest)},
                                              {"application_date", Day(rv::AddMonths(rv::SessionOpens(latest), 1))}}
                                             .dump());
  REQUIRE(r->status == 400);
  json problem = Json(r);
  CHECK(RefusedRules(problem) == std::vector<std::string>{"session"});
  CHECK(Contains(problem["detail"], rv::FormatYearMonth(rv::NextSession(latest + std::chrono::months{1}))));
  // The last day of the session's own month is still fine.
  const Date last_day = mark::AddDays(rv::AddMonths(rv::SessionOpens(latest), 1), -1);
  CHECK(f.reg
            .Post("/api/v1/applications", json{{"service_id", svc},
                                               {"kind", "new"},
                                               {"first_review_body", "JAIPA"},
                                               {"session", rv::FormatYearMonth(latest)},
                                               {"application_date", Day(last_day)}}
                                              .dump())
            ->status == 201);
}

TEST_CASE("a review-based grant starts no earlier than the review's decision date", "[rules][valid_from]") {
  Rules f;
  const Date today = f.Today();
  const std::string svc = f.NewService();
  json app = f.ApplyNow(svc);
  f.PayReviewFee(app);
  f.Diagnose(app, false);
  const std::string review = f.PassedReview(app);
  auto backdated = f.Grant(svc, review, {{"valid_from", Day(mark::AddDays(today, -1))}});
  INFO(backdated->body);
  REQUIRE(backdated->status == 409);
  json problem = Json(backdated);
  CHECK(RefusedRules(problem) == std::vector<std::string>{"valid_from"});
  CHECK(Contains(problem["detail"], Day(today) + " or later"));
  auto on_time = f.Grant(svc, review, {{"valid_from", Day(today)}});
  INFO(on_time->body);
  REQUIRE(on_time->status == 201);
  CHECK(Json(on_time)["valid_from"] == Day(today));
}

TEST_CASE("markctl demo's pending application is granted over HTTP", "[rules][demo]") {
  TestRegistry reg;
  auto demo = reg.Markctl({"demo", "--db", reg.db().string(), "--keys", reg.keys().string(), "--public-url",
                           reg.markd().base_url(), "--criteria",
                           std::string(MARK_SOURCE_DIR) + "/server/criteria/isp-2023-excerpt.json"});
  INFO(demo.out << demo.err);
  REQUIRE(demo.exit_code == 0);
  CHECK(Contains(demo.out, "grant it in the console"));
  json pending;
  const json applications = Json(reg.GetAuth("/api/v1/applications"));
  for (const json& a : applications["items"])
    if (a["kind"] == "new" && a["status"] == "passed") pending = a;
  REQUIRE(pending.is_object());
  // Dated in the past, for the latest session on or before today.
  CHECK(pending["session"] == rv::FormatYearMonth(rv::LatestSession(reg.clock().Today())));
  CHECK(*mark::ParseDate(pending["application_date"].get<std::string>()) < reg.clock().Today());
  json app = Json(reg.GetAuth("/api/v1/applications/" + pending["id"].get<std::string>()));
  REQUIRE(app["reviews"].size() == 1);
  CHECK(app["diagnoses"].back()["pass"] == true);
  CHECK(app["reviews"][0]["answers"]["2-1-1"]["value"] == true);
  auto granted = reg.Post(
      "/api/v1/marks",
      json{{"service_id", app["service_id"]}, {"review_id", app["reviews"][0]["id"]}, {"accept_provisional", true}}
          .dump());
  INFO(granted->body);
  REQUIRE(granted->status == 201);
  CHECK(Json(granted)["status"] == "valid");
}

}  // namespace rules_test
