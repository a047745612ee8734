// UTF-8: one code point at a time, and where code points begin, so a cut
// never splits a character.
#include "common/utf8.h"

#include <catch2/catch.hpp>
#include <string>

using namespace mark;

TEST_CASE("DecodeUtf8 reads one code point and refuses what is not UTF-8", "[utf8]") {
  char32_t c = 0;
  CHECK(DecodeUtf8("a", 0, &c) == 1);
  CHECK(c == U'a');
  CHECK(DecodeUtf8("安", 0, &c) == 3);
  CHECK(c == U'安');
  CHECK(DecodeUtf8("\xF0\x9F\x94\x92", 0, &c) == 4);  // 🔒
  CHECK(c == U'\U0001F512');
  CHECK(DecodeUtf8("\xC0\xAF", 0, &c) == 0);      // overlong '/'
  CHECK(DecodeUtf8("\xED\xA0\x80", 0, &c) == 0);  // a surrogate
  CHECK(DecodeUtf8("\xE5\xAE", 0, &c) == 0);      // truncated
  CHECK(IsValidUtf8("安全・安心マーク"));
  CHECK_FALSE(IsValidUtf8("ok\xFF"));
}

TEST_CASE("Utf8CodePointStart backs up to the first byte of a character", "[utf8]") {
  const std::string text = "a安b";  // a, then 3 bytes, then b
  CHECK(Utf8CodePointStart(text, 0) == 0);
  CHECK(Utf8CodePointStart(text, 1) == 1);
  CHECK(Utf8CodePointStart(text, 2) == 1);
  CHECK(Utf8CodePointStart(text, 3) == 1);
  CHECK(Utf8CodePointStart(text, 4) == 4);
  CHECK(Utf8CodePointStart(text, 5) == text.size());
  CHECK(Utf8CodePointStart(text, 99) == text.size());
  // A cut at any byte leaves whole characters.
  for (size_t at = 0; at <= text.size(); ++at) CHECK(IsValidUtf8(text.substr(0, Utf8CodePointStart(text, at))));
  CHECK(Utf8CodePointStart("\x80\x80", 1) == 0);  // stray continuation bytes: never before 0
}

TEST_CASE("Utf8CodePoints counts characters, not bytes", "[utf8]") {
  CHECK(Utf8CodePoints("") == 0);
  CHECK(Utf8CodePoints("abc") == 3);
  CHECK(Utf8CodePoints("安全・安心") == 5);
  CHECK(Utf8CodePoints("\xF0\x9F\x94\x92!") == 2);
}
