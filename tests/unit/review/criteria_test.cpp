#include "review/criteria.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "review_test_data.h"

using mark::review::CriteriaSet;
using mark::review::Kind;
using mark::review::ParseCriteriaSet;
using nlohmann::json;

namespace {

// A small coherent set: 2 mandatory + 10 points for new; renewal adds one
// mandatory item and drops a 3-point item.
json SmallSet() {
  return json::parse(R"({
    "id": "t-1", "scheme": "isp",
    "rules": {"new": {"mandatory": 2, "points_max": 10, "points_min": 7},
              "renewal": {"mandatory": 3, "points_max": 7, "points_min": 5},
              "gates": ["7-1-2"]},
    "items": [
      {"id": "1-1-1", "category": 1, "title": "a", "mandatory": true, "applies": ["new", "renewal"], "evidence": "document"},
      {"id": "2-1-1", "category": 2, "title": "b", "mandatory": true, "applies": ["new", "renewal"], "evidence": ["document", "web_path"]},
      {"id": "2-1-2", "category": 2, "title": "c", "mandatory": true, "applies": ["renewal"], "evidence": "signed_sealed"},
      {"id": "1-1-2", "category": 1, "title": "d", "points": 3, "applies": ["new"], "evidence": "document"},
      {"id": "7-1-2", "category": 7, "title": "e", "points": 5, "applies": ["new", "renewal"], "evidence": "document"},
      {"id": "5-1-3", "category": 5, "title": "f", "points": 2, "applies": ["new", "renewal"], "evidence": "signed_sealed"}
    ]})");
}

std::string ErrorMessage(const json& j) {
  auto r = ParseCriteriaSet(j.dump());
  if (r) return "parsed";
  return r.error().message;
}

bool HasField(const json& j, const std::string& field, const std::string& message) {
  auto r = ParseCriteriaSet(j.dump());
  if (r) return false;
  for (const auto& f : r.error().fields) {
    if (f.field == field && f.message == message) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a coherent criteria set parses and keeps its text", "[criteria]") {
  std::string text = SmallSet().dump(2);
  auto r = ParseCriteriaSet(text);
  REQUIRE(r);
  const CriteriaSet& s = *r;
  CHECK(s.id == "t-1");
  CHECK(s.scheme == mark::Scheme::kIsp);
  CHECK(s.complete);  // default
  CHECK(s.json_text == text);
  CHECK(s.items.size() == 6);
  CHECK(s.Rule(Kind::kNew).mandatory == 2);
  CHECK(s.Rule(Kind::kRenewal).points_min == 5);
  CHECK(s.IsGate("7-1-2"));
  CHECK_FALSE(s.IsGate("5-1-3"));
  const auto* item = s.Find("2-1-1");
  REQUIRE(item != nullptr);
  CHECK(item->mandatory);
  CHECK(item->evidence.size() == 2);
  CHECK(item->evidence[1] == mark::review::EvidenceKind::kWebPath);
  CHECK(s.Find("1-1-2")->Applies(Kind::kNew));
  CHECK_FALSE(s.Find("1-1-2")->Applies(Kind::kRenewal));
  CHECK(s.Find("9-9-9") == nullptr);
}

TEST_CASE("the coherence check says exactly what does not add up", "[criteria]") {
  json j = SmallSet();
  j["rules"]["new"]["mandatory"] = 29;
  CHECK(ErrorMessage(j) == "rules.new.mandatory: says 29 but 2 mandatory items apply");

  j = SmallSet();
  j["rules"]["renewal"]["points_max"] = 114;
  CHECK(ErrorMessage(j) == "rules.renewal.points_max: says 114 but the point items that apply add up to 7");

  j = SmallSet();
  j["rules"]["new"]["points_min"] = 11;
  CHECK(ErrorMessage(j) == "rules.new.points_min: is 11, more than points_max 10");

  j = SmallSet();
  j["rules"]["gates"] = {"7-1-1"};
  CHECK(ErrorMessage(j) == "rules.gates: gate 7-1-1 is not an item of this set");

  j = SmallSet();
  j["rules"]["gates"] = {"1-1-1"};
  CHECK(ErrorMessage(j) == "rules.gates: gate 1-1-1 is mandatory; a gate must be a point item");

  j = SmallSet();
  j["items"][1]["id"] = "1-1-1";
  j["items"][1]["category"] = 1;
  CHECK(HasField(j, "items[1].id", "item 1-1-1 appears more than once"));

  j = SmallSet();
  j["items"][0]["id"] = "1-1";
  CHECK(HasField(j, "items[0].id", "\"1-1\" is not of the form N-N-N"));

  j = SmallSet();
  j["items"][0]["category"] = 2;
  CHECK(ErrorMessage(j) == "items[0].category: is 2 but id 1-1-1 is in category 1");

  j = SmallSet();
  j["scheme"] = "cable";
  CHECK(ErrorMessage(j) == "scheme: \"cable\" is not one of isp, wifi");

  j = SmallSet();
  j["items"][3]["mandatory"] = true;
  CHECK(HasField(j, "items[3]", "item 1-1-2 is mandatory and also has points; it must be one or the other"));

  j = SmallSet();
  j["items"][3].erase("points");
  CHECK(HasField(j, "items[3]", "item 1-1-2 is neither mandatory nor worth points"));

  j = SmallSet();
  j["items"][0]["mandatroy"] = true;
  CHECK(HasField(j, "items[0].mandatroy", "unknown field"));

  j = SmallSet();
  j["items"][0]["applies"] = {"new", "again"};
  CHECK(HasField(j, "items[0].applies", "entries must be \"new\" or \"renewal\""));

  j = SmallSet();
  j["items"][0]["evidence"] = "fax";
  CHECK(HasField(j, "items[0].evidence", "entries must be one of document, web_path, signed_sealed"));

  j = SmallSet();
  j["items"][4]["points"] = 0;
  CHECK(HasField(j, "items[4].points", "must be between 1 and 100"));

  j = SmallSet();
  j["complete"] = "no";
  CHECK(ErrorMessage(j) == "complete: must be true or false");

  j = SmallSet();
  j.erase("id");
  CHECK(ErrorMessage(j) == "id: required");

  j = SmallSet();
  j["rules"].erase("renewal");
  CHECK(ErrorMessage(j) == "rules.renewal: required");

  CHECK_FALSE(ParseCriteriaSet("{not json"));
  CHECK(ParseCriteriaSet("[]").error().message == "criteria: must be a JSON object");
}

TEST_CASE("every problem is listed at once", "[criteria]") {
  json j = SmallSet();
  j["rules"]["new"]["mandatory"] = 29;
  j["rules"]["new"]["points_max"] = 119;
  j["rules"]["gates"] = {"7-1-9"};
  auto r = ParseCriteriaSet(j.dump());
  REQUIRE_FALSE(r);
  CHECK(r.error().code == mark::ErrorCode::kInvalid);
  CHECK(r.error().fields.size() == 3);
  CHECK(r.error().message ==
        "rules.gates: gate 7-1-9 is not an item of this set; "
        "rules.new.mandatory: says 29 but 2 mandatory items apply; "
        "rules.new.points_max: says 119 but the point items that apply add up to 10");
}

TEST_CASE("categories, when listed, must cover every item", "[criteria]") {
  json j = SmallSet();
  j["categories"] = json::array({{{"id", 1}, {"title", "x"}}, {{"id", 2}, {"title", "y"}}});
  CHECK(HasField(j, "items[4].category", "7 is not in categories"));
}

TEST_CASE("item ids are N-N-N", "[criteria]") {
  using mark::review::IsWellFormedItemId;
  CHECK(IsWellFormedItemId("1-1-1"));
  CHECK(IsWellFormedItemId("7-0-1"));
  CHECK(IsWellFormedItemId("10-12-100"));
  CHECK_FALSE(IsWellFormedItemId("1-1"));
  CHECK_FALSE(IsWellFormedItemId("1-1-1-1"));
  CHECK_FALSE(IsWellFormedItemId("1--1"));
  CHECK_FALSE(IsWellFormedItemId("-1-1"));
  CHECK_FALSE(IsWellFormedItemId("1-1-"));
  CHECK_FALSE(IsWellFormedItemId("a-1-1"));
  CHECK_FALSE(IsWellFormedItemId("1-1-1 "));
  CHECK_FALSE(IsWellFormedItemId("1-1-1000"));
  CHECK_FALSE(IsWellFormedItemId(""));
}

TEST_CASE("the shipped ISP excerpt holds exactly the published items", "[criteria][data]") {
  auto r = ParseCriteriaSet(mark::review::testing::ShippedCriteria("isp-2023-excerpt.json"));
  REQUIRE(r);
  const CriteriaSet& s = *r;
  CHECK(s.id == "isp-2023-excerpt");
  CHECK(s.scheme == mark::Scheme::kIsp);
  CHECK_FALSE(s.complete);
  std::vector<std::string> ids;
  for (const auto& it : s.items) ids.push_back(it.id);
  CHECK(ids == std::vector<std::string>{"1-1-1", "1-1-2", "2-1-1", "2-1-2", "3-1-1", "3-1-5", "4-1-1", "4-1-2", "5-1-3",
                                        "6-1-1", "6-2-1", "7-0-1", "7-1-2", "7-6-1", "7-6-2"});
  for (const char* id : {"1-1-2", "3-1-5", "5-1-3", "7-1-2"}) {
    INFO(id);
    CHECK_FALSE(s.Find(id)->mandatory);
    CHECK(s.Find(id)->points == 5);
  }
  CHECK(s.gates == std::vector<std::string>{"7-1-2"});
  CHECK(s.Find("2-1-2")->evidence ==
        std::vector<mark::review::EvidenceKind>{mark::review::EvidenceKind::kSignedSealed});
  for (Kind k : {Kind::kNew, Kind::kRenewal}) {
    CHECK(s.Rule(k).mandatory == 11);
    CHECK(s.Rule(k).points_max == 20);
  }
  // The excerpt's thresholds are the council's scaled to its 20 points, rounded up;
  // council_rules keeps the real ones.
  json j = json::parse(s.json_text);
  const json& council = j.at("council_rules");
  CHECK(council.at("new").at("mandatory") == 29);
  CHECK(council.at("new").at("points_max") == 119);
  CHECK(council.at("new").at("points_min") == 92);
  CHECK(council.at("renewal").at("mandatory") == 30);
  CHECK(council.at("renewal").at("points_max") == 114);
  CHECK(council.at("renewal").at("points_min") == 88);
  CHECK(council.at("gates") == json({"7-1-1", "7-1-2", "7-1-3"}));
  CHECK(s.Rule(Kind::kNew).points_min == (92 * 20 + 118) / 119);      // ceil = 16
  CHECK(s.Rule(Kind::kRenewal).points_min == (88 * 20 + 113) / 114);  // ceil = 16
  CHECK(s.Rule(Kind::kNew).points_min == 16);
  CHECK(s.categories.size() == 7);
  for (const auto& it : s.items) {
    INFO(it.id);
    CHECK_FALSE(it.title.empty());
    CHECK_FALSE(it.title_en.empty());
    CHECK(it.applies_new);
    CHECK(it.applies_renewal);
  }
}

TEST_CASE("the shipped Wi-Fi excerpt has the nine published categories", "[criteria][data]") {
  auto r = ParseCriteriaSet(mark::review::testing::ShippedCriteria("wifi-2023-excerpt.json"));
  REQUIRE(r);
  CHECK(r->scheme == mark::Scheme::kWifi);
  CHECK_FALSE(r->complete);
  CHECK(r->categories.size() == 9);
  CHECK(r->items.size() == 9);
  CHECK(r->Rule(Kind::kNew).mandatory == 9);
  CHECK(r->Rule(Kind::kNew).points_max == 0);
  CHECK(r->gates.empty());
}

TEST_CASE("the synthetic complete set has the council's counts", "[criteria][data]") {
  auto r = ParseCriteriaSet(mark::review::testing::SyntheticCompleteSet());
  REQUIRE(r);
  CHECK(r->complete);
  CHECK(r->Rule(Kind::kNew).mandatory == 29);
  CHECK(r->Rule(Kind::kNew).points_max == 119);
  CHECK(r->Rule(Kind::kNew).points_min == 92);
  CHECK(r->Rule(Kind::kRenewal).mandatory == 30);
  CHECK(r->Rule(Kind::kRenewal).points_max == 114);
  CHECK(r->Rule(Kind::kRenewal).points_min == 88);
  CHECK(r->gates == std::vector<std::string>{"7-1-1", "7-1-2", "7-1-3"});
}
