// The rules served to browsers are the registry's own: each field is
// checked against the function the registry decides with.
#include "publish/public_rules.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <catch2/catch.hpp>
#include <chrono>
#include <regex>

#include "registry/mark_number.h"
#include "review/calendar.h"

using namespace mark;
using nlohmann::json;

TEST_CASE("The public rules are the registry's own", "[public_rules]") {
  const json r = publish::PublicRulesJson();
  // tests/interop/verify_page_js.sh serves these bytes to verify.js.
  if (const char* dump = std::getenv("MARK_RULES_DUMP")) std::ofstream(dump) << r.dump();
  CHECK(r["time_zone"] == json{{"name", "Asia/Tokyo"}, {"utc_offset", "+09:00"}, {"utc_offset_minutes", 540}});
  CHECK(r["session_months"] == json::array({3, 7, 11}));
  for (unsigned m = 1; m <= 12; ++m) {
    const bool listed =
        std::find(r["session_months"].begin(), r["session_months"].end(), json(m)) != r["session_months"].end();
    CHECK(listed == review::IsSessionMonth(std::chrono::month{m}));
  }
  CHECK(r["mark_number"]["first_review_bodies"] == json{{"D", "TCA"}, {"J", "JAIPA"}, {"T", "TELESA"}});
  const std::regex pattern(r["mark_number"]["pattern"].get<std::string>(), std::regex::ECMAScript);
  for (const char* n : {"J0072", "T0001", "D123456789", "J0001"}) {
    CHECK(registry::ParseMarkNumber(n));
    CHECK(std::regex_match(n, pattern));
  }
  for (const char* n : {"J072", "X0072", "j0072", "J1234567890", "J0072 ", "J00A2"}) {
    CHECK_FALSE(registry::ParseMarkNumber(n));
    CHECK_FALSE(std::regex_match(n, pattern));
  }
  const json& st = r["statuses"];
  CHECK(st.size() == 7);
  CHECK(st["valid"] ==
        json{{"css_class", "st-valid"}, {"words", {{"ja", "有効"}, {"en", "VALID"}, {"zh", "有效"}, {"ko", "유효"}}}});
  CHECK(st["suspended"]["words"]["ja"] == "停止中");
  CHECK(st["returned"]["css_class"] == "st-returned");
  CHECK(st["unknown"]["words"]["en"] == "CANNOT CHECK");
}
