// Trimming: ASCII white space for typed text and files, OWS (space and tab
// only) for HTTP header values.
#include "common/trim.h"

#include <catch2/catch.hpp>

#include <string>

using namespace mark;

TEST_CASE("TrimAsciiSpace drops the six ASCII spaces at both ends and keeps the inside", "[trim]") {
  CHECK(TrimAsciiSpace(" \t\n\v\f\rJ0072 \t\n\v\f\r") == "J0072");
  CHECK(TrimAsciiSpace("eyJ.a.b\n") == "eyJ.a.b");
  CHECK(TrimAsciiSpace("a \t b") == "a \t b");
  CHECK(TrimAsciiSpace("  ").empty());
  CHECK(TrimAsciiSpace("").empty());
  CHECK(TrimAsciiSpace("x") == "x");
}

TEST_CASE("TrimAsciiSpace keeps Unicode spaces and NUL", "[trim]") {
  CHECK(TrimAsciiSpace("\xE3\x80\x80名前 ") == "\xE3\x80\x80名前");  // U+3000 stays
  CHECK(TrimAsciiSpace("\xC2\xA0x") == "\xC2\xA0x");                 // U+00A0 stays
  CHECK(TrimAsciiSpace(std::string_view("\0a\0", 3)) == std::string_view("\0a\0", 3));
}

TEST_CASE("TrimOws drops spaces and tabs only", "[trim]") {
  CHECK(TrimOws(" \t\"abc\"\t ") == "\"abc\"");
  CHECK(TrimOws("\r\nvalue\r\n") == "\r\nvalue\r\n");
  CHECK(TrimOws("a, b") == "a, b");
  CHECK(TrimOws(" \t ").empty());
  CHECK(TrimOws("").empty());
}

TEST_CASE("A trimmed view points into its argument", "[trim]") {
  const std::string text = "  ja-JP ";
  const std::string_view trimmed = TrimOws(text);
  CHECK(trimmed.data() == text.data() + 2);
  CHECK(trimmed.size() == 5);
}

TEST_CASE("TrimTrailingSlashes drops every slash at the end and nothing else", "[trim]") {
  CHECK(TrimTrailingSlashes("https://mark.example.jp/") == "https://mark.example.jp");
  CHECK(TrimTrailingSlashes("https://mark.example.jp//") == "https://mark.example.jp");
  CHECK(TrimTrailingSlashes("https://mark.example.jp/registry/") == "https://mark.example.jp/registry");
  CHECK(TrimTrailingSlashes("https://mark.example.jp") == "https://mark.example.jp");
  CHECK(TrimTrailingSlashes("/").empty());
  CHECK(TrimTrailingSlashes("").empty());
}
