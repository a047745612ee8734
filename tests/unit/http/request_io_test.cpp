// Query numbers: one reading of a bounded whole number, one wording.
#include "http/request_io.h"

#include <catch2/catch.hpp>

using namespace mark;
using mark::http::RangeParam;

TEST_CASE("RangeParam reads a whole number within its bounds and names the parameter otherwise", "[request_io]") {
  auto ok = RangeParam("width", "480", 240, 960);
  REQUIRE(ok);
  CHECK(*ok == 480);
  CHECK(*RangeParam("limit", "1", 1, 500) == 1);
  CHECK(*RangeParam("limit", "500", 1, 500) == 500);
  for (const char* bad : {"", "0", "501", "-1", "+5", " 5", "5 ", "5a", "abc", "99999999999999999999"}) {
    INFO(bad);
    auto r = RangeParam("limit", bad, 1, 500);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("must be a whole number from 1 to 500") != std::string::npos);
  }
}
