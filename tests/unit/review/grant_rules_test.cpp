#include "review/grant_rules.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace mark::review;
using nlohmann::json;

namespace grant_rules_test {

mark::Date Day(const char* text) {
  auto d = mark::ParseDate(text);
  REQUIRE(d);
  return *d;
}

// An application that meets every rule: a passing diagnosis, its fee paid,
// the November session, decided on 2026-11-10.
GroundFacts Good() {
  GroundFacts f;
  f.application_id = "app_1";
  f.kind = Kind::kNew;
  f.application_date = Day("2026-10-15");
  f.session = *ParseYearMonth("2026-11");
  f.diagnosis_required = true;
  f.latest_diagnosis = DiagnosisOnRecord{"dg_1", true, Day("2026-09-01"), {}};
  f.review_fee = ReviewFeeOnRecord{"fee_1", FeeKind::kNewReview, 80000, true, false};
  f.decided_on = Day("2026-11-10");
  return f;
}

std::vector<std::string> Rules(const std::vector<Refusal>& refusals) {
  std::vector<std::string> out;
  for (const auto& r : refusals) out.push_back(r.rule);
  return out;
}

CriteriaSet SetWith211(mark::Scheme scheme, bool renewal_too) {
  json set = {{"id", "t"},
              {"scheme", scheme == mark::Scheme::kIsp ? "isp" : "wifi"},
              {"rules",
               {{"new", {{"mandatory", 2}, {"points_max", 0}, {"points_min", 0}}},
                {"renewal", {{"mandatory", renewal_too ? 2 : 1}, {"points_max", 0}, {"points_min", 0}}},
                {"gates", json::array()}}},
              {"items",
               {{{"id", "1-1-1"},
                 {"category", 1},
                 {"title", "a"},
                 {"mandatory", true},
                 {"applies", {"new", "renewal"}},
                 {"evidence", "document"}},
                {{"id", "2-1-1"},
                 {"category", 2},
                 {"title", "b"},
                 {"mandatory", true},
                 {"applies", renewal_too ? json{"new", "renewal"} : json{"new"}},
                 {"evidence", "document"}}}}};
  auto parsed = ParseCriteriaSet(set.dump());
  REQUIRE(parsed);
  return *parsed;
}

// The tests live in the namespace too: no using-directive leaks into a
// unity build's next file.

TEST_CASE("an application meeting every rule grounds a grant", "[grant_rules]") {
  CHECK(CheckGround(Good(), Day("2026-11-10"), Day("2026-11-10")).empty());
  CHECK(CheckGround(Good(), Day("2027-02-01"), std::nullopt).empty());
}

TEST_CASE("item 2-1-1: the latest diagnosis must pass where the set holds the item", "[grant_rules]") {
  GroundFacts f = Good();
  f.latest_diagnosis = DiagnosisOnRecord{
      "dg_2", false, Day("2026-09-01"), {"unresolved finding at or above 7.0: ns1 \"x\" (CVSS 10.0)"}};
  auto r = CheckGround(f, Day("2026-11-10"), std::nullopt);
  REQUIRE(Rules(r) == std::vector<std::string>{"item_2_1_1"});
  CHECK(r[0].message.find("item 2-1-1") == 0);
  CHECK(r[0].message.find("dg_2") != std::string::npos);
  CHECK(r[0].message.find("CVSS 10.0") != std::string::npos);
  CHECK(r[0].message.find("dated from 2026-07-15 to the application date 2026-10-15") != std::string::npos);

  f.latest_diagnosis.reset();
  r = CheckGround(f, Day("2026-11-10"), std::nullopt);
  REQUIRE(Rules(r) == std::vector<std::string>{"item_2_1_1"});
  CHECK(r[0].message.find("no security diagnosis") != std::string::npos);

  f.diagnosis_required = false;  // a set without the item (or Wi-Fi)
  CHECK(CheckGround(f, Day("2026-11-10"), std::nullopt).empty());
}

TEST_CASE("the diagnosis is required only by ISP sets holding 2-1-1 for the kind", "[grant_rules]") {
  CHECK(DiagnosisRequired(SetWith211(mark::Scheme::kIsp, true), Kind::kNew));
  CHECK(DiagnosisRequired(SetWith211(mark::Scheme::kIsp, true), Kind::kRenewal));
  CHECK_FALSE(DiagnosisRequired(SetWith211(mark::Scheme::kIsp, false), Kind::kRenewal));
  CHECK_FALSE(DiagnosisRequired(SetWith211(mark::Scheme::kWifi, true), Kind::kNew));
}

TEST_CASE("the review fee must be paid or waived", "[grant_rules]") {
  GroundFacts f = Good();
  f.review_fee->paid = false;
  auto r = CheckGround(f, Day("2026-11-10"), std::nullopt);
  REQUIRE(Rules(r) == std::vector<std::string>{"review_fee"});
  CHECK(r[0].message.find("fee_1 (80,000 JPY)") != std::string::npos);
  CHECK(r[0].message.find("waive") != std::string::npos);
  f.review_fee->waived = true;
  CHECK(CheckGround(f, Day("2026-11-10"), std::nullopt).empty());
  f.review_fee.reset();  // nothing to pay
  CHECK(CheckGround(f, Day("2026-11-10"), std::nullopt).empty());
}

TEST_CASE("nothing rests on a session before its month begins", "[grant_rules]") {
  GroundFacts f = Good();
  auto r = CheckGround(f, Day("2026-10-31"), std::nullopt);
  REQUIRE(Rules(r) == std::vector<std::string>{"session"});
  CHECK(r[0].message.find("opens on 2026-11-01") != std::string::npos);
  CHECK(CheckGround(f, Day("2026-11-01"), std::nullopt).empty());
}

TEST_CASE("a grant starts no earlier than the review's decision", "[grant_rules]") {
  GroundFacts f = Good();
  auto r = CheckGround(f, Day("2026-11-12"), Day("2026-11-09"));
  REQUIRE(Rules(r) == std::vector<std::string>{"valid_from"});
  CHECK(r[0].message.find("2026-11-10 or later") != std::string::npos);
  CHECK(CheckGround(f, Day("2026-11-12"), Day("2026-11-10")).empty());
}

TEST_CASE("every broken rule is answered at once, each naming its rule", "[grant_rules]") {
  GroundFacts f = Good();
  f.latest_diagnosis.reset();
  f.review_fee->paid = false;
  auto r = CheckGround(f, Day("2026-10-20"), Day("2026-10-20"));
  CHECK(Rules(r) == std::vector<std::string>{"item_2_1_1", "review_fee", "session", "valid_from"});
  mark::Error e = RefusalError("the grant is refused", r);
  CHECK(e.code == mark::ErrorCode::kConflict);
  CHECK(e.message.rfind("the grant is refused: item 2-1-1", 0) == 0);
  REQUIRE(e.fields.size() == 4);
  CHECK(e.fields[1].field == "review_fee");
}

TEST_CASE("a session may not lie before the application month", "[grant_rules]") {
  CHECK_FALSE(SessionBeforeApplication(*ParseYearMonth("2026-11"), Day("2026-11-30")));
  CHECK_FALSE(SessionBeforeApplication(*ParseYearMonth("2027-03"), Day("2026-11-30")));
  auto why = SessionBeforeApplication(*ParseYearMonth("2026-07"), Day("2026-08-01"));
  REQUIRE(why);
  CHECK(why->find("2026-11") != std::string::npos);
}

TEST_CASE("item 2-1-1's answer comes from the latest diagnosis", "[grant_rules]") {
  const DiagnosisOnRecord pass{"dg_p", true, Day("2026-09-01"), {}};
  const DiagnosisOnRecord fail{"dg_f", false, Day("2026-09-01"), {"unresolved finding at or above 7.0"}};
  SECTION("left out: filled in from the diagnosis, or not met without one") {
    json filled = json::parse(*ApplyDiagnosisTo211(R"({"1-1-1": true})", pass));
    CHECK(filled["2-1-1"]["value"] == true);
    CHECK(filled["2-1-1"]["note"].get<std::string>().find("dg_p") != std::string::npos);
    CHECK(filled["1-1-1"] == true);
    CHECK(json::parse(*ApplyDiagnosisTo211("{}", fail))["2-1-1"]["value"] == false);
    CHECK(json::parse(*ApplyDiagnosisTo211("{}", std::nullopt))["2-1-1"]["value"] == false);
  }
  SECTION("typed in agreement: kept as typed") {
    const std::string typed = R"({"2-1-1":{"value":true,"evidence":[{"kind":"document","ref":"report"}]}})";
    CHECK(*ApplyDiagnosisTo211(typed, pass) == typed);
    CHECK(*ApplyDiagnosisTo211(R"({"2-1-1": false})", fail) == R"({"2-1-1": false})");
  }
  SECTION("typed against the diagnosis: refused, naming it") {
    auto over_fail = ApplyDiagnosisTo211(R"({"2-1-1": true})", fail);
    REQUIRE_FALSE(over_fail);
    CHECK(over_fail.error().code == mark::ErrorCode::kConflict);
    CHECK(over_fail.error().message.find("dg_f") != std::string::npos);
    CHECK(over_fail.error().fields.at(0).field == "answers.2-1-1");
    auto none = ApplyDiagnosisTo211(R"({"2-1-1": {"value": true}})", std::nullopt);
    REQUIRE_FALSE(none);
    CHECK(none.error().message.find("has none") != std::string::npos);
    CHECK_FALSE(ApplyDiagnosisTo211(R"({"2-1-1": false})", pass));
  }
  SECTION("malformed answers pass through for the scoring engine to name") {
    CHECK(*ApplyDiagnosisTo211(R"({"2-1-1": 3})", pass) == R"({"2-1-1": 3})");
    CHECK(*ApplyDiagnosisTo211("[1]", pass) == "[1]");
  }
}

}  // namespace grant_rules_test
