#include "common/jst.h"

#include <catch2/catch.hpp>

#include "common/base64.h"

using namespace mark;
using namespace std::chrono;

TEST_CASE("JST dates turn at 15:00 UTC", "[jst]") {
  Instant before = *ParseInstant("2026-03-31T14:59:59Z");  // 23:59:59 JST on the 31st
  Instant at = *ParseInstant("2026-03-31T15:00:00Z");      // 00:00:00 JST on 1 April
  CHECK(FormatDate(JstDate(before)) == "2026-03-31");
  CHECK(FormatDate(JstDate(at)) == "2026-04-01");
  CHECK(JstStartOfDay(*ParseDate("2026-04-01")) == at);
}

TEST_CASE("JST minutes for people", "[jst]") {
  CHECK(FormatJstMinute(*ParseInstant("2026-03-31T14:59:59Z")) == "2026-03-31 23:59 JST");
  CHECK(FormatJstMinute(*ParseInstant("2026-03-31T15:00:00Z")) == "2026-04-01 00:00 JST");
  CHECK(FormatJstMinute(*ParseInstant("2026-12-01T12:04:30Z")) == "2026-12-01 21:04 JST");
}

TEST_CASE("dates parse strictly", "[jst]") {
  CHECK(ParseDate("2024-02-29"));
  CHECK_FALSE(ParseDate("2023-02-29"));
  CHECK_FALSE(ParseDate("2024-2-29"));
  CHECK_FALSE(ParseDate("2024-02-29x"));
  CHECK_FALSE(ParseDate("２０２４-02-29"));
  CHECK_FALSE(ParseDate(""));
}

TEST_CASE("instants parse RFC 3339 with offsets", "[jst]") {
  CHECK(ParseInstant("2026-04-01T00:00:00+09:00") == ParseInstant("2026-03-31T15:00:00Z"));
  CHECK(ParseInstant("2026-04-01T00:00:00.123Z"));
  CHECK_FALSE(ParseInstant("2026-04-01 00:00:00Z"));
  CHECK_FALSE(ParseInstant("2026-04-01T24:00:00Z"));
  CHECK_FALSE(ParseInstant("2026-04-01T00:00:00"));
  CHECK(FormatInstant(*ParseInstant("2026-11-26T07:05:09Z")) == "2026-11-26T07:05:09Z");
}

TEST_CASE("adding years keeps the day before next year's date", "[jst]") {
  CHECK(FormatDate(AddYears(*ParseDate("2024-02-29"), 1)) == "2025-03-01");
  CHECK(FormatDate(AddYears(*ParseDate("2024-02-29"), 4)) == "2028-02-29");
  CHECK(FormatDate(AddYears(*ParseDate("2026-04-01"), 1)) == "2027-04-01");
  CHECK(FormatDate(AddDays(*ParseDate("2025-03-01"), -1)) == "2025-02-28");
  CHECK(UnixSeconds(FromUnixSeconds(1795714056)) == 1795714056);
}

TEST_CASE("base64 and base64url round-trip and reject garbage", "[base64]") {
  std::string bytes("\x00\xff\xfe hello", 9);
  CHECK(Base64Decode(Base64Encode(bytes)) == bytes);
  CHECK(Base64UrlDecode(Base64UrlEncode(bytes)) == bytes);
  CHECK(Base64UrlEncode("\xfb\xff") == "-_8");
  CHECK_FALSE(Base64UrlDecode("a+b/"));
  CHECK_FALSE(Base64Decode("abc"));  // missing padding
  CHECK_FALSE(Base64UrlDecode("abc="));
}
