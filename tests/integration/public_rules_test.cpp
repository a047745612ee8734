// GET /api/v1/rules through the real markd: public, cacheable, and the very
// rules the registry decides with (publish/public_rules.h), checked against
// the C++ functions and against what markd does with a real mark.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <regex>
#include <string>

#include "common/jst.h"
#include "publish/public_rules.h"
#include "registry/mark_number.h"
#include "review/calendar.h"
#include "support/process.h"

namespace public_rules_test {

using mark::testing::TestRegistry;
using nlohmann::json;

TEST_CASE("GET /api/v1/rules serves the registry's own rules", "[rules_api]") {
  TestRegistry reg;
  auto r = reg.Get("/api/v1/rules");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "application/json; charset=utf-8");
  CHECK(r->get_header_value("Cache-Control") == "public, max-age=3600");
  CHECK(r->get_header_value("Access-Control-Allow-Origin") == "*");
  const json rules = mark::testing::BodyJson(r);
  REQUIRE(rules.is_object());
  CHECK(rules == mark::publish::PublicRulesJson());

  // Each rule is the one the registry keeps.
  CHECK(rules["time_zone"]["utc_offset_minutes"] == std::chrono::minutes(mark::kJstOffset).count());
  CHECK(rules["time_zone"]["utc_offset"] == "+09:00");
  json months = json::array();
  for (unsigned m = 1; m <= 12; ++m)
    if (mark::review::IsSessionMonth(std::chrono::month{m})) months.push_back(m);
  CHECK(rules["session_months"] == months);

  // A number markd gives matches the pattern; one it refuses does not.
  const std::string number = reg.GrantSample();
  const std::regex pattern(rules["mark_number"]["pattern"].get<std::string>());
  CHECK(std::regex_match(number, pattern));
  CHECK(mark::registry::ParseMarkNumber(number));
  CHECK_FALSE(std::regex_match(std::string("X") + number.substr(1), pattern));
  const json mark_json = mark::testing::BodyJson(reg.Get("/api/v1/marks/" + number));
  CHECK(rules["mark_number"]["first_review_bodies"][number.substr(0, 1)] == mark_json["first_review_body"]);

  // The status words are those the verify page shows for the mark's status.
  const std::string status = mark_json["status"];
  for (const char* lang : {"ja", "en"}) {
    auto p = reg.Get("/v/" + number + "?lang=" + lang);
    REQUIRE(p);
    const std::string word = rules["statuses"][status]["words"][lang];
    INFO(lang << ": " << word);
    CHECK(p->body.find("<title>" + word + ": " + number) != std::string::npos);
    CHECK(p->body.find(rules["statuses"][status]["css_class"].get<std::string>()) != std::string::npos);
  }

  // Prepared once: a revalidation is a 304.
  auto again = reg.Get("/api/v1/rules", {{"If-None-Match", r->get_header_value("ETag")}});
  REQUIRE(again);
  CHECK(again->status == 304);
}

}  // namespace public_rules_test
