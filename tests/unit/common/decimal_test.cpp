// Decimal numbers from text: the whole text is the number, in range, with no
// sign a reader would not expect.
#include "common/decimal.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

using mark::ParseDecimal;

TEST_CASE("ParseDecimal reads a whole decimal in range", "[decimal]") {
  CHECK(ParseDecimal<int>("8080", 1, 65535) == 8080);
  CHECK(ParseDecimal<int>("1", 1, 65535) == 1);
  CHECK(ParseDecimal<int>("65535", 1, 65535) == 65535);
  CHECK(ParseDecimal<int>("0007", 0, 9999) == 7);  // fixed-width fields keep their zeros
  CHECK(ParseDecimal<uint64_t>("18446744073709551615", 0, UINT64_MAX) == UINT64_MAX);
  CHECK(ParseDecimal<int>("-5", -10, 10) == -5);  // a sign only where the range allows it
}

TEST_CASE("ParseDecimal refuses junk, signs, spaces and values out of range", "[decimal]") {
  CHECK_FALSE(ParseDecimal<int>("", 0, 10));
  CHECK_FALSE(ParseDecimal<int>("8080abc", 1, 65535));
  CHECK_FALSE(ParseDecimal<int>("abc", 0, 10));
  CHECK_FALSE(ParseDecimal<int>(" 5", 0, 10));
  CHECK_FALSE(ParseDecimal<int>("5 ", 0, 10));
  CHECK_FALSE(ParseDecimal<int>("+5", 0, 10));
  CHECK_FALSE(ParseDecimal<int>("-0", 0, 10));  // "12:-0" is not a minute
  CHECK_FALSE(ParseDecimal<int>("-1", 0, 10));
  CHECK_FALSE(ParseDecimal<int>("0", 1, 65535));
  CHECK_FALSE(ParseDecimal<int>("65536", 1, 65535));
  CHECK_FALSE(ParseDecimal<uint64_t>("18446744073709551616", 0, UINT64_MAX));  // past 64 bits
  CHECK_FALSE(ParseDecimal<int>("99999999999999999999", 0, std::numeric_limits<int>::max()));
  CHECK_FALSE(ParseDecimal<int>("1.5", 0, 10));
  CHECK_FALSE(ParseDecimal<int>("0x10", 0, 100));
}
