#include "review/scoring.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "review_test_data.h"

using mark::review::CriteriaSet;
using mark::review::Decision;
using mark::review::Evaluate;
using mark::review::Kind;
using nlohmann::json;

namespace {

const CriteriaSet& Complete() {
  static const CriteriaSet set = [] {
    auto r = mark::review::ParseCriteriaSet(mark::review::testing::SyntheticCompleteSet());
    REQUIRE(r);
    return *r;
  }();
  return set;
}

const CriteriaSet& Excerpt() {
  static const CriteriaSet set = [] {
    auto r = mark::review::ParseCriteriaSet(mark::review::testing::ShippedCriteria("isp-2023-excerpt.json"));
    REQUIRE(r);
    return *r;
  }();
  return set;
}

// Every applying mandatory item met and every point item at its maximum.
json FullMarks(const CriteriaSet& set, Kind kind) {
  json a = json::object();
  for (const auto& it : set.items) {
    if (!it.Applies(kind)) continue;
    if (it.mandatory) {
      a[it.id] = true;
    } else {
      a[it.id] = it.points;
    }
  }
  return a;
}

// Takes `n` points off non-gate point items, largest first, never below 0.
void TakeOff(const CriteriaSet& set, json& answers, int n) {
  for (const auto& it : set.items) {
    if (n == 0) break;
    if (it.mandatory || set.IsGate(it.id) || !answers.contains(it.id)) continue;
    int v = answers[it.id].get<int>();
    int d = std::min(v, n);
    answers[it.id] = v - d;
    n -= d;
  }
  REQUIRE(n == 0);
}

Decision Decide(const CriteriaSet& set, Kind kind, const json& answers) {
  auto r = Evaluate(set, kind, answers.dump());
  INFO(answers.dump());
  REQUIRE(r);
  return *r;
}

std::string ErrorOf(const CriteriaSet& set, Kind kind, const std::string& answers) {
  auto r = Evaluate(set, kind, answers);
  if (r) return "decided";
  return r.error().message;
}

}  // namespace

TEST_CASE("full marks pass, new and renewal", "[scoring]") {
  Decision n = Decide(Complete(), Kind::kNew, FullMarks(Complete(), Kind::kNew));
  CHECK(n.pass);
  CHECK(n.points == 119);
  CHECK(n.points_max == 119);
  CHECK(n.points_min == 92);
  CHECK(n.mandatory_met == 29);
  CHECK(n.mandatory_required == 29);
  CHECK(n.reasons.empty());
  CHECK_FALSE(n.provisional);

  Decision r = Decide(Complete(), Kind::kRenewal, FullMarks(Complete(), Kind::kRenewal));
  CHECK(r.pass);
  CHECK(r.points == 114);
  CHECK(r.points_min == 88);
  CHECK(r.mandatory_met == 30);
  CHECK(r.mandatory_required == 30);
}

TEST_CASE("exactly at the threshold passes — one point under fails", "[scoring]") {
  json at = FullMarks(Complete(), Kind::kNew);
  TakeOff(Complete(), at, 119 - 92);
  Decision d = Decide(Complete(), Kind::kNew, at);
  CHECK(d.points == 92);
  CHECK(d.pass);
  CHECK(d.reasons.empty());

  TakeOff(Complete(), at, 1);
  d = Decide(Complete(), Kind::kNew, at);
  CHECK(d.points == 91);
  CHECK_FALSE(d.pass);
  CHECK(d.reasons == std::vector<std::string>{"points 91 below the minimum 92 (short by 1)"});

  json ren = FullMarks(Complete(), Kind::kRenewal);
  TakeOff(Complete(), ren, 114 - 88);
  CHECK(Decide(Complete(), Kind::kRenewal, ren).pass);
  TakeOff(Complete(), ren, 1);
  d = Decide(Complete(), Kind::kRenewal, ren);
  CHECK_FALSE(d.pass);
  CHECK(d.points == 87);
  CHECK(d.reasons == std::vector<std::string>{"points 87 below the minimum 88 (short by 1)"});
}

TEST_CASE("a gate item at 0 fails with every other point earned", "[scoring]") {
  for (const char* gate : {"7-1-1", "7-1-2", "7-1-3"}) {
    INFO(gate);
    json a = FullMarks(Complete(), Kind::kNew);
    a[gate] = 0;
    Decision d = Decide(Complete(), Kind::kNew, a);
    CHECK(d.points == 114);  // far above 92
    CHECK_FALSE(d.pass);
    CHECK(d.reasons == std::vector<std::string>{std::string("gate item ") + gate + " scored 0"});
  }
  // Left out counts as 0, so a missing gate fails too.
  json a = FullMarks(Complete(), Kind::kRenewal);
  a.erase("7-1-2");
  Decision d = Decide(Complete(), Kind::kRenewal, a);
  CHECK_FALSE(d.pass);
  CHECK(d.reasons == std::vector<std::string>{"gate item 7-1-2 scored 0"});
  // A gate at 1 is enough for the gate rule.
  a["7-1-2"] = 1;
  CHECK(Decide(Complete(), Kind::kRenewal, a).pass);
}

TEST_CASE("all mandatory items but one fails, naming the one", "[scoring]") {
  json a = FullMarks(Complete(), Kind::kNew);
  a["3-1-12"] = false;
  Decision d = Decide(Complete(), Kind::kNew, a);
  CHECK_FALSE(d.pass);
  CHECK(d.mandatory_met == 28);
  CHECK(d.mandatory_required == 29);
  CHECK(d.points == 119);
  CHECK(d.reasons == std::vector<std::string>{"mandatory item 3-1-12 not met"});

  // Renewal has one more mandatory item; leaving it out fails the renewal only.
  json r = FullMarks(Complete(), Kind::kRenewal);
  r.erase("1-9-1");
  d = Decide(Complete(), Kind::kRenewal, r);
  CHECK_FALSE(d.pass);
  CHECK(d.mandatory_met == 29);
  CHECK(d.mandatory_required == 30);
  CHECK(d.reasons == std::vector<std::string>{"mandatory item 1-9-1 not met"});
}

TEST_CASE("every reason is given, in order", "[scoring]") {
  Decision d = Decide(Complete(), Kind::kNew, json::object());
  CHECK_FALSE(d.pass);
  CHECK(d.points == 0);
  CHECK(d.mandatory_met == 0);
  REQUIRE(d.reasons.size() == 29 + 1 + 3);
  CHECK(d.reasons[0] == "mandatory item 1-1-10 not met");
  CHECK(d.reasons[29] == "points 0 below the minimum 92 (short by 92)");
  CHECK(d.reasons[30] == "gate item 7-1-1 scored 0");
  CHECK(d.reasons[32] == "gate item 7-1-3 scored 0");
}

TEST_CASE("answers may carry their evidence", "[scoring]") {
  json a = FullMarks(Complete(), Kind::kNew);
  a["1-1-10"] = {{"value", true}, {"evidence", {"policy.pdf"}}, {"note", "v3 of 2024"}};
  a["2-3-1"] = {{"value", 4}};
  CHECK(Decide(Complete(), Kind::kNew, a).pass);
  a["2-3-1"] = {{"evidence", json::array()}};
  CHECK(ErrorOf(Complete(), Kind::kNew, a.dump()) == "2-3-1: the answer to item 2-3-1 has no value");
  a["2-3-1"] = {{"value", 4}, {"score", 4}};
  CHECK(ErrorOf(Complete(), Kind::kNew, a.dump()) == "2-3-1.score: unknown field in the answer to item 2-3-1");
}

TEST_CASE("bad answers are errors naming the item", "[scoring]") {
  const CriteriaSet& s = Complete();
  CHECK(ErrorOf(s, Kind::kNew, R"({"7-1-2": 6})") == "7-1-2: item 7-1-2 scored 6, outside 0..5");
  CHECK(ErrorOf(s, Kind::kNew, R"({"7-1-2": -1})") == "7-1-2: item 7-1-2 scored -1, outside 0..5");
  CHECK(ErrorOf(s, Kind::kNew, R"({"7-1-2": 2.5})") ==
        "7-1-2: item 7-1-2 is worth points: the answer must be an integer 0..5");
  CHECK(ErrorOf(s, Kind::kNew, R"({"7-1-2": true})") ==
        "7-1-2: item 7-1-2 is worth points: the answer must be an integer 0..5");
  CHECK(ErrorOf(s, Kind::kNew, R"({"7-1-2": "5"})") ==
        "7-1-2: item 7-1-2 is worth points: the answer must be an integer 0..5");
  CHECK(ErrorOf(s, Kind::kNew, R"({"1-1-10": 1})") ==
        "1-1-10: item 1-1-10 is mandatory: the answer must be true or false");
  CHECK(ErrorOf(s, Kind::kNew, R"({"1-1-10": null})") ==
        "1-1-10: item 1-1-10 is mandatory: the answer must be true or false");
  CHECK(ErrorOf(s, Kind::kNew, R"({"9-9-9": true})") ==
        "9-9-9: item 9-9-9 is not in criteria set isp-synthetic-complete");
  CHECK(ErrorOf(s, Kind::kNew, R"({"1-9-1": true})") == "1-9-1: item 1-9-1 does not apply to a new review");
  CHECK(ErrorOf(s, Kind::kRenewal, R"({"1-9-2": 5})") == "1-9-2: item 1-9-2 does not apply to a renewal review");
  CHECK(ErrorOf(s, Kind::kNew, "[1]") == "answers: must be a JSON object from item id to answer");
  CHECK(ErrorOf(s, Kind::kNew, "{") == "answers: not valid JSON");

  auto r = Evaluate(s, Kind::kNew, R"({"7-1-2": 9, "9-9-9": true, "1-1-10": "yes"})");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == mark::ErrorCode::kInvalid);
  CHECK(r.error().fields.size() == 3);
}

TEST_CASE("decisions on an excerpt are provisional", "[scoring]") {
  Decision d = Decide(Excerpt(), Kind::kNew, FullMarks(Excerpt(), Kind::kNew));
  CHECK(d.pass);
  CHECK(d.provisional);
  CHECK(d.points == 20);
  CHECK(d.points_min == 16);
  CHECK(d.mandatory_required == 11);

  json a = FullMarks(Excerpt(), Kind::kNew);
  a["1-1-2"] = 0;  // 15 < 16
  d = Decide(Excerpt(), Kind::kNew, a);
  CHECK_FALSE(d.pass);
  CHECK(d.provisional);
  CHECK(d.reasons == std::vector<std::string>{"points 15 below the minimum 16 (short by 1)"});

  a = FullMarks(Excerpt(), Kind::kRenewal);
  a["7-1-2"] = 0;
  d = Decide(Excerpt(), Kind::kRenewal, a);
  CHECK_FALSE(d.pass);
  CHECK(d.reasons ==
        std::vector<std::string>{"points 15 below the minimum 16 (short by 1)", "gate item 7-1-2 scored 0"});
}

TEST_CASE("a decision serializes with the agreed field names", "[scoring]") {
  json a = FullMarks(Complete(), Kind::kNew);
  a["3-1-12"] = false;
  Decision d = Decide(Complete(), Kind::kNew, a);
  json j = json::parse(mark::review::DecisionToJson(d));
  CHECK(j == json::parse(R"({
    "criteria_id": "isp-synthetic-complete", "kind": "new", "pass": false, "provisional": false,
    "points": 119, "points_min": 92, "points_max": 119,
    "mandatory_met": 28, "mandatory_required": 29,
    "reasons": ["mandatory item 3-1-12 not met"]})"));
  json via_adl = d;
  CHECK(via_adl == j);
}
