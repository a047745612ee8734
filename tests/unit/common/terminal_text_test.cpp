#include "common/terminal_text.h"

#include <catch2/catch.hpp>

using mark::EscapeForTerminal;

TEST_CASE("terminal text: controls are written out, text passes", "[terminal]") {
  CHECK(EscapeForTerminal("J0072") == "J0072");
  CHECK(EscapeForTerminal("さくら光インターネット") == "さくら光インターネット");
  // A line break cannot start a forged line of output.
  CHECK(EscapeForTerminal("x\nvalid: forged") == "x\\x0Avalid: forged");
  CHECK(EscapeForTerminal("a\rb") == "a\\x0Db");
  CHECK(EscapeForTerminal("\x1b[2K\x1b[1Gvalid") == "\\x1B[2K\\x1B[1Gvalid");
  CHECK(EscapeForTerminal(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(EscapeForTerminal("\x7f") == "\\x7F");
  // The one-code-point CSI (U+009B) and other C1 controls.
  CHECK(EscapeForTerminal("\xC2\x9B"
                          "2K") == "\\xC2\\x9B2K");
  // Bytes that are not UTF-8, and a truncated sequence.
  CHECK(EscapeForTerminal("\xff\xfe") == "\\xFF\\xFE");
  CHECK(EscapeForTerminal("\xE3\x81") == "\\xE3\\x81");
  // Right-to-left override and zero-width space.
  CHECK(EscapeForTerminal("\xE2\x80\xAE"
                          "dilav") == "\\u{202E}dilav");
  CHECK(EscapeForTerminal("a\xE2\x80\x8B"
                          "b") == "a\\u{200B}b");
  // A backslash in the input cannot pass for one of our escapes.
  CHECK(EscapeForTerminal("\\x0A") == "\\\\x0A");
}
