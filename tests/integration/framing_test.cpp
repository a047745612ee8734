// Hostile HTTP framing straight to markd (no nginx in front): heads without
// end, smuggled requests, malformed lines, forged log lines, slow clients.
// The framing counters come from /healthz in test-hook builds.
#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/socket.h>

#include <cctype>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/process.h"

using mark::testing::FloodResult;
using mark::testing::Has;
using mark::testing::RawConnection;
using mark::testing::RawStatus;
using mark::testing::TestRegistry;
using namespace std::string_literals;

namespace {

// Keep-alive and head deadlines far beyond any wait below: a connection
// closed here was closed because of its framing, not a timer.
const std::vector<std::string> kPatientServer = {"--keep-alive-timeout", "60", "--read-timeout", "60"};

// Status lines ("HTTP/1.1 NNN ") in what markd sent.
size_t CountAnswers(const std::string& bytes) {
  size_t n = 0;
  for (size_t at = bytes.find("HTTP/1.1 "); at != std::string::npos; at = bytes.find("HTTP/1.1 ", at + 1)) {
    const std::string code = bytes.substr(at + 9, 4);
    if (code.size() == 4 && std::isdigit(static_cast<unsigned char>(code[0])) &&
        std::isdigit(static_cast<unsigned char>(code[1])) && std::isdigit(static_cast<unsigned char>(code[2])) &&
        code[3] == ' ')
      ++n;
  }
  return n;
}

// Bytes as a JSON string, for test messages.
std::string Printable(const std::string& bytes) {
  return nlohmann::json(bytes).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json FramingCounters(TestRegistry& reg) {
  auto health = mark::testing::BodyJson(reg.Get("/healthz"));
  REQUIRE(health.contains("framing"));
  return health["framing"];
}

// Sends `bytes` on a new connection and reads until markd closes it.
struct Exchange {
  std::string answer;
  bool closed = false;
};
Exchange Send(int port, const std::string& bytes) {
  RawConnection c(port);
  c.Send(bytes);
  Exchange e;
  e.closed = c.ReadUntilClosed(5000);
  e.answer = c.received();
  return e;
}

// One refused request: exactly one answer with `status`, saying
// Connection: close, and the connection closed by markd.
void CheckRefusedAndClosed(int port, const std::string& bytes, int status) {
  INFO("request: " << Printable(bytes));
  const Exchange e = Send(port, bytes);
  INFO("answer: " << Printable(e.answer));
  CHECK(RawStatus(e.answer) == status);
  CHECK(CountAnswers(e.answer) == 1);
  CHECK(Has(e.answer, "\r\nConnection: close\r\n"));
  CHECK(Has(e.answer, "application/problem+json"));
  CHECK(e.closed);
}

}  // namespace

TEST_CASE("a header line without end is refused with 431 and closed, buffering at most the cap", "[framing]") {
  TestRegistry reg(kPatientServer);
  const int port = reg.markd().port();
  const FloodResult header =
      mark::testing::RawFlood(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bomb: ", 'a', 100u << 20);
  CHECK(RawStatus(header.answer) == 431);
  CHECK(Has(header.answer, "\r\nConnection: close\r\n"));
  CHECK(header.closed);
  const FloodResult line = mark::testing::RawFlood(port, "GET /", 'a', 100u << 20);
  CHECK(RawStatus(line.answer) == 414);
  CHECK(line.closed);

  const auto counters = FramingCounters(reg);
  CHECK(counters["largest_head_bytes"].get<size_t>() <= 64 * 1024);
  CHECK(counters["read_after_refusal_bytes"].get<size_t>() == 0);
  CHECK(counters["refused_heads"].get<size_t>() == 2);
}

TEST_CASE("too many headers, or a head over 64 KiB, are refused with 431", "[framing]") {
  TestRegistry reg(kPatientServer);
  const int port = reg.markd().port();
  std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 200; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  CheckRefusedAndClosed(port, many + "\r\n", 431);
  std::string big = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 10; ++i) big += "X-Big-" + std::to_string(i) + ": " + std::string(7000, 'b') + "\r\n";
  CheckRefusedAndClosed(port, big + "\r\n", 431);
  CheckRefusedAndClosed(port, "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
  // Just under the caps is served.
  std::string fits = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Fits: " + std::string(8000, 'f') + "\r\n\r\n";
  CHECK(RawStatus(mark::testing::RawRequest(port, fits)) == 200);
}

TEST_CASE("nothing sent after a 411 or 413 is ever parsed as a request", "[framing]") {
  TestRegistry reg(kPatientServer);
  const int port = reg.markd().port();
  const std::string smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  CheckRefusedAndClosed(port,
                        "POST /api/v1/operators HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" +
                            smuggled,
                        411);
  CheckRefusedAndClosed(port,
                        "POST /api/v1/operators HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" +
                            smuggled,
                        411);
  CheckRefusedAndClosed(port, "POST /api/v1/verify HTTP/1.1\r\nHost: x\r\n\r\n" + smuggled, 411);
  CheckRefusedAndClosed(port,
                        "POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        "Content-Length: 99999999\r\n\r\n" +
                            smuggled,
                        413);
  CheckRefusedAndClosed(port, "POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 2\r\n\r\n{}" + smuggled,
                        400);
  // A 415 is answered before its body is looked at; the body was read whole
  // beforehand, so what follows it is the next request, not the body.
  RawConnection c(port);
  c.Send("POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: " +
         std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(RawStatus(c.ReadAnswer()) == 415);
  CHECK(RawStatus(c.ReadAnswer()) == 200);

  const std::string log = mark::testing::ReadUntilHasAll(
      [&] { return reg.markd().Log(); }, {"access POST /api/v1/operators 411", "access POST /api/v1/verify 413",
                                          "access POST /api/v1/verify 415", "access GET /healthz 200"});
  CHECK_FALSE(Has(log, "smuggled"));
  CHECK(FramingCounters(reg)["read_after_refusal_bytes"].get<size_t>() == 0);
}

TEST_CASE("obs-fold, bare LF, control characters and a missing or doubled Host are refused with 400",
          "[framing][long]") {
  TestRegistry reg(kPatientServer);
  const int port = reg.markd().port();
  const std::string then = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  for (const std::string& bad : {
           "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"s,   // obs-fold
           "GET /healthz HTTP/1.1\r\nHost: x\r\n\tX-A: b\r\n\r\n"s,       // obs-fold
           "GET /healthz HTTP/1.1\nHost: x\n\n"s,                         // bare LF
           "GET /healthz HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n"s,           // bare LF
           "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n"s,      // NUL
           "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n"s,      // bare CR
           "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: \x1b[31m\r\n\r\n"s,  // ESC
           "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: \x7f\r\n\r\n"s,      // DEL
           "GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n"s,                  // space before colon
           "GET /healthz HTTP/1.1\r\nX-A: b\r\n\r\n"s,                    // no Host
           "GET /healthz HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"s,        // two Hosts
           "GET /health\x01z HTTP/1.1\r\nHost: x\r\n\r\n"s,               // control in the target
       })
    CheckRefusedAndClosed(port, bad + then, 400);
  // HTAB in a value, HTTP/1.0 without Host: served.
  CHECK(RawStatus(mark::testing::RawRequest(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\tb\r\n\r\n")) == 200);
  CHECK(RawStatus(mark::testing::RawRequest(port, "GET /healthz HTTP/1.0\r\n\r\n")) == 200);

  const std::string log =
      mark::testing::ReadUntilHasAll([&] { return reg.markd().Log(); }, {"access GET /health\\x01z 400"});
  CHECK_FALSE(Has(log, "smuggled"));
}

TEST_CASE("control characters in a request cannot forge access log lines", "[framing]") {
  TestRegistry reg;
  const int port = reg.markd().port();
  const std::string forged = "/x%0d%0aaccess%20GET%20/forged%20200%200.1ms%00%1b";
  CHECK(RawStatus(mark::testing::RawRequest(port, "GET " + forged + " HTTP/1.1\r\nHost: x\r\n\r\n")) == 404);
  const std::string log = mark::testing::ReadUntilHasAll(
      [&] { return reg.markd().Log(); },
      {"access GET /x\\x0d\\x0aaccess\\x20GET\\x20/forged\\x20200\\x200.1ms\\x00\\x1b 404"});
  CHECK_FALSE(Has(log, "\naccess GET /forged"));
  CHECK_FALSE(Has(log, "\r"));
}

TEST_CASE("well-formed clients keep their connection: keep-alive, pipelining, 100-continue", "[framing]") {
  TestRegistry reg(kPatientServer);
  const int port = reg.markd().port();
  const std::string get = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  RawConnection c(port);
  // One after the other, and two sent at once.
  c.Send(get);
  CHECK(RawStatus(c.ReadAnswer()) == 200);
  c.Send(get + get);
  CHECK(RawStatus(c.ReadAnswer()) == 200);
  CHECK(RawStatus(c.ReadAnswer()) == 200);
  // A body in two parts; then a body after 100 Continue, which comes once.
  const std::string body = R"({"certificate":"x"})";
  const std::string post =
      "POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n";
  c.Send(post + "\r\n" + body.substr(0, 5));
  c.Send(body.substr(5));
  const std::string verified = c.ReadAnswer();
  CHECK(RawStatus(verified) != 0);
  CHECK(RawStatus(verified) < 500);
  CHECK_FALSE(Has(verified, "Connection: close"));
  c.Send(post + "Expect: 100-continue\r\n\r\n");
  CHECK(c.ReadAnswer() == "HTTP/1.1 100 Continue\r\n\r\n");
  c.Send(body);
  CHECK(RawStatus(c.ReadAnswer()) == RawStatus(verified));
  c.Send(get);
  CHECK(RawStatus(c.ReadAnswer()) == 200);
  CHECK(CountAnswers(c.received()) == 7);
  // Connection: close is honoured after the answer.
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(RawStatus(c.ReadAnswer()) == 200);
  CHECK(c.ReadUntilClosed());
}

TEST_CASE("a head trickled past its deadline gets 408, however steadily it trickles", "[framing]") {
  TestRegistry reg({"--read-timeout", "1", "--keep-alive-timeout", "60"});
  RawConnection c(reg.markd().port());
  const auto start = std::chrono::steady_clock::now();
  c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  size_t sent = 0;
  std::string answer;
  // One byte whenever 50 ms pass without an answer: every read sees a new
  // byte, yet the head as a whole is late.
  while (answer.empty() && std::chrono::steady_clock::now() - start < std::chrono::seconds(10)) {
    pollfd pfd{c.fd(), POLLIN, 0};
    if (poll(&pfd, 1, 50) > 0)
      answer = c.ReadAnswer();
    else
      sent += c.Send("s") ? 1 : 0;
  }
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(RawStatus(answer) == 408);
  CHECK(Has(answer, "\r\nConnection: close\r\n"));
  CHECK(took < std::chrono::seconds(4));
  CHECK(sent < 1000);
  CHECK(c.ReadUntilClosed());
}

TEST_CASE("a lookup completes within 2 s while 300 slow clients are connected", "[framing][slow]") {
  TestRegistry reg(kPatientServer);
  const std::string number = reg.GrantSample();
  const int port = reg.markd().port();
  std::vector<std::unique_ptr<RawConnection>> idle, trickling;
  for (int i = 0; i < 150; ++i) {
    // Asked once, then silent on a kept-alive connection.
    idle.push_back(std::make_unique<RawConnection>(port));
    idle.back()->Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  }
  for (auto& c : idle) REQUIRE(RawStatus(c->ReadAnswer()) == 200);
  for (int i = 0; i < 150; ++i) {
    trickling.push_back(std::make_unique<RawConnection>(port));
    trickling.back()->Send("GET /api/v1/marks/" + number + " HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  }
  for (int round = 0; round < 3; ++round) {
    for (auto& c : trickling) REQUIRE(c->Send("s"));
    auto client = reg.markd().Client();
    const auto start = std::chrono::steady_clock::now();
    auto r = client->Get(("/api/v1/marks/" + number).c_str());
    const auto took = std::chrono::steady_clock::now() - start;
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(took < std::chrono::seconds(2));
  }
}
