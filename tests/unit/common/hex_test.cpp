// Hex: two lower-case digits a byte; escapes may ask for upper case.
#include "common/hex.h"

#include <catch2/catch.hpp>

using namespace mark;

TEST_CASE("Hex writes two lower-case digits a byte", "[hex]") {
  const unsigned char bytes[] = {0x00, 0x1f, 0xa0, 0xff};
  CHECK(Hex(bytes) == "001fa0ff");
  CHECK(Hex(std::string_view("\x7f\x80", 2)) == "7f80");
  CHECK(Hex(std::string_view()).empty());
}

TEST_CASE("AppendHexByte appends one byte's digits in the case asked for", "[hex]") {
  std::string out = "%";
  AppendHexByte(out, 0xe3, HexCase::kUpper);
  CHECK(out == "%E3");
  AppendHexByte(out, 0x0a);
  CHECK(out == "%E30a");
}
