#include "http/request_head.h"

#include <catch2/catch.hpp>

#include <string>

using namespace std::string_literals;
using mark::http::HeadLimits;
using mark::http::RequestHeadParser;
using State = RequestHeadParser::State;

namespace {

// Parses `bytes` whole.
RequestHeadParser Whole(const std::string& bytes, HeadLimits limits = {}) {
  RequestHeadParser p(limits);
  p.Parse(bytes);
  return p;
}

// Parses `bytes` as a trickling client sends them: one more byte per call.
RequestHeadParser ByteByByte(const std::string& bytes, HeadLimits limits = {}) {
  RequestHeadParser p(limits);
  for (size_t i = 1; i <= bytes.size() && p.state() == State::kNeedMore; ++i)
    p.Parse(std::string_view(bytes).substr(0, i));
  return p;
}

int Refused(const std::string& bytes, HeadLimits limits = {}) {
  auto p = Whole(bytes, limits);
  return p.state() == State::kRejected ? p.error().status : 0;
}

}  // namespace

TEST_CASE("a well-formed head is complete at its blank line, whole or byte by byte", "[request_head]") {
  const std::string head = "GET /api/v1/marks/J0072?x=1 HTTP/1.1\r\nHost: registry.example\r\nAccept: */*\r\n\r\n";
  for (const auto& p : {Whole(head + "GET /next HTTP/1.1\r\n"), ByteByByte(head)}) {
    REQUIRE(p.state() == State::kComplete);
    CHECK(p.head().head_bytes == head.size());
    CHECK(p.head().method == "GET");
    CHECK(p.head().target == "/api/v1/marks/J0072?x=1");
    CHECK_FALSE(p.head().http10);
    CHECK(p.head().content_length == 0);
    CHECK_FALSE(p.head().close);
  }
}

TEST_CASE("a head is not complete until its blank line", "[request_head]") {
  CHECK(Whole("GET / HTTP/1.1\r\nHost: x\r\n").state() == State::kNeedMore);
  CHECK(Whole("GET / HTTP/1.1\r\nHost: x\r\n\r").state() == State::kNeedMore);
  CHECK(Whole("GET / HTT").state() == State::kNeedMore);
}

TEST_CASE("empty lines before the request line are skipped", "[request_head]") {
  auto p = Whole("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(p.state() == State::kComplete);
  CHECK(p.head().head_bytes == 31);
}

TEST_CASE("lengths, Connection and Expect are read", "[request_head]") {
  auto post =
      Whole("POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length:  42 \r\nConnection: keep-alive, Close\r\n\r\n");
  REQUIRE(post.state() == State::kComplete);
  CHECK(post.head().content_length == 42);
  CHECK(post.head().close);

  auto http10 = Whole("GET / HTTP/1.0\r\n\r\n");
  REQUIRE(http10.state() == State::kComplete);
  CHECK(http10.head().http10);
  CHECK(http10.head().close);
  CHECK_FALSE(Whole("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").head().close);

  const std::string expect_line = "expect: 100-Continue\r\n";
  const std::string head = "POST /api/v1/verify HTTP/1.1\r\nHost: x\r\n" + expect_line + "Content-Length: 2\r\n\r\n";
  auto expect = Whole(head);
  REQUIRE(expect.state() == State::kComplete);
  CHECK(expect.head().expect_continue);
  CHECK(head.substr(expect.head().expect_offset, expect.head().expect_bytes) == expect_line);
}

TEST_CASE("a request line over the line cap is 414, a header line 431, a head over the head cap 431",
          "[request_head]") {
  HeadLimits limits;
  limits.max_line_bytes = 64;
  limits.max_head_bytes = 256;
  // A line of exactly the cap (CRLF included) passes; one byte more does not.
  const std::string line63 = "GET /" + std::string(64 - 16, 'a') + " HTTP/1.1\r\n";
  REQUIRE(line63.size() == 64);
  CHECK(Whole(line63 + "Host: x\r\n\r\n", limits).state() == State::kComplete);
  CHECK(Refused("GET /" + std::string(64 - 15, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", limits) == 414);
  // Without end: refused as soon as the cap is passed, without waiting for more.
  CHECK(Refused("GET /" + std::string(100, 'a'), limits) == 414);
  CHECK(Refused("GET / HTTP/1.1\r\nX-Long: " + std::string(100, 'a'), limits) == 431);
  std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 20; ++i) many += "X-Header-" + std::to_string(i) + ": " + std::string(20, 'v') + "\r\n";
  auto big = Whole(many, limits);
  REQUIRE(big.state() == State::kRejected);
  CHECK(big.error().status == 431);
  CHECK(big.examined() <= limits.max_head_bytes);
  // The byte-by-byte parse refuses at the same point.
  auto trickled = ByteByByte(many + "\r\n", limits);
  CHECK(trickled.error().status == 431);
}

TEST_CASE("the cap bounds what is examined, however much was sent", "[request_head]") {
  HeadLimits limits;
  const std::string bomb = "GET / HTTP/1.1\r\nHost: x\r\nX-Bomb: " + std::string(1 << 20, 'a');
  auto p = Whole(bomb, limits);
  REQUIRE(p.state() == State::kRejected);
  CHECK(p.error().status == 431);
  CHECK(p.examined() <= limits.max_head_bytes);
}

TEST_CASE("more header lines than max_fields is 431", "[request_head]") {
  std::string head = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 99; ++i) head += "A: b\r\n";
  CHECK(Whole(head + "\r\n").state() == State::kComplete);
  CHECK(Refused(head + "A: b\r\n\r\n") == 431);
}

TEST_CASE("bad framing is refused with 400", "[request_head]") {
  // Bare LF, as the line end or inside the head.
  CHECK(Refused("GET / HTTP/1.1\nHost: x\n\n") == 400);
  CHECK(Refused("GET / HTTP/1.1\r\nHost: x\n\r\n") == 400);
  CHECK(Refused("GET / HTTP/1.1\r\nHost: x\r\n\n") == 400);
  // obs-fold, also on the first header line.
  CHECK(Refused("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n") == 400);
  CHECK(Refused("GET / HTTP/1.1\r\n\tHost: x\r\n\r\n") == 400);
  // Control characters in a value: NUL, bare CR, ESC, DEL; HTAB is fine.
  CHECK(Refused("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n"s) == 400);
  CHECK(Refused("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n") == 400);
  CHECK(Refused("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x1b[2J\r\n\r\n") == 400);
  CHECK(Refused("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x7f\r\n\r\n") == 400);
  CHECK(Whole("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\tb \xe3\x81\x82\r\n\r\n").state() == State::kComplete);
  // Names: whitespace before the colon, no name, not a token.
  CHECK(Refused("GET / HTTP/1.1\r\nHost : x\r\n\r\n") == 400);
  CHECK(Refused("GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n") == 400);
  CHECK(Refused("GET / HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n") == 400);
  CHECK(Refused("GET / HTTP/1.1\r\nHost: x\r\nX(A): v\r\n\r\n") == 400);
  // Host: missing in HTTP/1.1, doubled, not a host name.
  CHECK(Refused("GET / HTTP/1.1\r\n\r\n") == 400);
  CHECK(Refused("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n") == 400);
  CHECK(Refused("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n") == 400);
  CHECK(Refused("GET / HTTP/1.1\r\nHost: a b\r\n\r\n") == 400);
  CHECK(Whole("GET / HTTP/1.0\r\n\r\n").state() == State::kComplete);
  CHECK(Whole("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n").state() == State::kComplete);
  // Request lines.
  CHECK(Refused("GET  / HTTP/1.1\r\nHost: x\r\n\r\n") == 400);
  CHECK(Refused("GET / HTTP/1.1 \r\nHost: x\r\n\r\n") == 400);
  CHECK(Refused("GET /a\x01 HTTP/1.1\r\nHost: x\r\n\r\n") == 400);
  CHECK(Refused("GET /\xe3\x81\x82 HTTP/1.1\r\nHost: x\r\n\r\n") == 400);
  CHECK(Refused("GET / http/1.1\r\nHost: x\r\n\r\n") == 400);
  CHECK(Refused("GET /\r\nHost: x\r\n\r\n") == 400);
  CHECK(Refused("G\0T / HTTP/1.1\r\nHost: x\r\n\r\n"s) == 400);
}

TEST_CASE("unknown methods are 501, other HTTP versions 505", "[request_head]") {
  CHECK(Refused("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n") == 501);
  CHECK(Refused("TRACE / HTTP/1.1\r\nHost: x\r\n\r\n") == 501);
  CHECK(Refused("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") == 505);
  CHECK(Whole("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").state() == State::kComplete);
}

TEST_CASE("bodies need one valid Content-Length within the limit", "[request_head]") {
  HeadLimits limits;
  limits.max_body_bytes = 100;
  const std::string post = "POST /api/v1/operators HTTP/1.1\r\nHost: x\r\n";
  CHECK(Refused(post + "Transfer-Encoding: chunked\r\n\r\n", limits) == 411);
  CHECK(Refused(post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", limits) == 411);
  CHECK(Refused(post + "Transfer-Encoding: identity\r\n\r\n", limits) == 411);
  CHECK(Refused(post + "\r\n", limits) == 411);
  CHECK(Refused("PUT /x HTTP/1.1\r\nHost: x\r\n\r\n", limits) == 411);
  CHECK(Refused(post + "Content-Length: 101\r\n\r\n", limits) == 413);
  CHECK(Refused(post + "Content-Length: 99999999999999999999999999\r\n\r\n", limits) == 413);
  CHECK(Refused(post + "Content-Length: -1\r\n\r\n", limits) == 400);
  CHECK(Refused(post + "Content-Length: +5\r\n\r\n", limits) == 400);
  CHECK(Refused(post + "Content-Length: 5, 5\r\n\r\n", limits) == 400);
  CHECK(Refused(post + "Content-Length:\r\n\r\n", limits) == 400);
  CHECK(Refused(post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\n", limits) == 400);
  CHECK(Refused(post + "Content-Length: 5\r\nExpect: something\r\n\r\n", limits) == 417);
  auto ok = Whole(post + "Content-Length: 100\r\n\r\n", limits);
  REQUIRE(ok.state() == State::kComplete);
  CHECK(ok.head().content_length == 100);
  // GET needs no length; DELETE with none has no body.
  CHECK(Whole("DELETE /x HTTP/1.1\r\nHost: x\r\n\r\n", limits).state() == State::kComplete);
}

TEST_CASE("a refusal keeps the method and target read for the log", "[request_head]") {
  auto p = Whole("POST /api/v1/operators HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  REQUIRE(p.state() == State::kRejected);
  CHECK(p.head().method == "POST");
  CHECK(p.head().target == "/api/v1/operators");
}

TEST_CASE("Reset readies the parser for the next head", "[request_head]") {
  RequestHeadParser p;
  REQUIRE(p.Parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") == State::kComplete);
  p.Reset();
  CHECK(p.state() == State::kNeedMore);
  REQUIRE(p.Parse("POST /v HTTP/1.1\r\nHost: y\r\nContent-Length: 3\r\n\r\n") == State::kComplete);
  CHECK(p.head().method == "POST");
  CHECK_FALSE(p.head().close);
  CHECK(p.head().content_length == 3);
}
