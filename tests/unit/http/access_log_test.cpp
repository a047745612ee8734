#include "http/access_log.h"

#include <catch2/catch.hpp>

#include <string>

using mark::http::EscapeForLog;
using namespace std::string_literals;

TEST_CASE("what a client chose cannot forge access log lines or fields", "[access_log]") {
  CHECK(EscapeForLog("/api/v1/marks/J0072") == "/api/v1/marks/J0072");
  // A decoded %0d%0a, a space, NUL, ESC, DEL, a backslash.
  CHECK(EscapeForLog("/x\r\naccess GET /forged 200 0.1ms") ==
        "/x\\x0d\\x0aaccess\\x20GET\\x20/forged\\x20200\\x200.1ms");
  CHECK(EscapeForLog("a\0b\x1b[2J\x7f\\"s) == "a\\x00b\\x1b[2J\\x7f\\x5c");
  // Bytes of 0x80 and above (C1 controls in some terminals) too.
  CHECK(EscapeForLog("\xc2\x9b") == "\\xc2\\x9b");
  CHECK(EscapeForLog("") == "");
}
