#include "http/head_reader.h"

#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using mark::http::Connection;
using mark::http::HeadReader;

namespace {

using namespace std::chrono_literals;

// A HeadReader whose requests land in a queue the test takes them from, and
// whose refusals are answered "HTTP/1.1 <status>".
class Harness {
 public:
  explicit Harness(HeadReader::Options options)
      : reader_(
            options,
            [this](std::unique_ptr<Connection> conn) {
              std::lock_guard lock(mu_);
              requests_.push_back(std::move(conn));
              arrived_.notify_all();
            },
            [](const mark::http::HeadError& error, const mark::http::RequestHead&, std::chrono::microseconds) {
              return "HTTP/1.1 " + std::to_string(error.status) + " \r\nConnection: close\r\n\r\n";
            }) {}

  // A client socket whose other end the reader holds.
  int Connect() {
    int pair[2];
    REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0);
    reader_.Adopt(pair[1]);
    clients_.push_back(pair[0]);
    return pair[0];
  }

  // The next complete request, or null after `wait`.
  std::unique_ptr<Connection> NextRequest(std::chrono::milliseconds wait = 5s) {
    std::unique_lock lock(mu_);
    if (!arrived_.wait_for(lock, wait, [&] { return !requests_.empty(); })) return nullptr;
    auto conn = std::move(requests_.front());
    requests_.pop_front();
    return conn;
  }

  HeadReader& reader() { return reader_; }

  ~Harness() {
    reader_.Stop();
    for (int fd : clients_) close(fd);
    for (auto& conn : requests_) close(conn->fd);  // handed over, never returned
  }

 private:
  std::mutex mu_;
  std::condition_variable arrived_;
  std::deque<std::unique_ptr<Connection>> requests_;
  std::vector<int> clients_;
  HeadReader reader_;
};

bool SendAll(int fd, const std::string& bytes) {
  return send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}
void Send(int fd, const std::string& bytes) { REQUIRE(SendAll(fd, bytes)); }

// What the reader sent back until it closed (or 5 s passed).
std::string ReadUntilClosed(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    pollfd pfd{fd, POLLIN, 0};
    if (poll(&pfd, 1, 5000) <= 0) return out + "<timeout>";
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return out;
    out.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace

TEST_CASE("a request is handed over once its head and body are all in memory", "[head_reader]") {
  Harness h({});
  const int fd = h.Connect();
  const std::string head = "POST /v HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n";
  Send(fd, head + "he");
  CHECK(h.NextRequest(100ms) == nullptr);
  Send(fd, "lloGET /next HTTP/1.1\r\n");
  auto conn = h.NextRequest();
  REQUIRE(conn);
  CHECK(conn->request_bytes == head.size() + 5);
  CHECK(conn->buffered.substr(0, conn->request_bytes) == head + "hello");
  CHECK(conn->head.method == "POST");
  CHECK(conn->head.content_length == 5);

  // Back for the next request, whose first line is already sent.
  conn->buffered.erase(0, conn->request_bytes);
  h.reader().Return(std::move(conn), HeadReader::After::kNextRequest);
  Send(fd, "Host: x\r\n\r\n");
  auto next = h.NextRequest();
  REQUIRE(next);
  CHECK(next->head.target == "/next");
  next->buffered.erase(0, next->request_bytes);
  h.reader().Return(std::move(next), HeadReader::After::kClose);
  CHECK(ReadUntilClosed(fd).empty());
}

TEST_CASE("Expect: 100-continue is answered by the reader and the line removed", "[head_reader]") {
  Harness h({});
  const int fd = h.Connect();
  Send(fd, "POST /v HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
  char buf[64] = {};
  pollfd pfd{fd, POLLIN, 0};
  REQUIRE(poll(&pfd, 1, 5000) == 1);
  CHECK(std::string(buf, static_cast<size_t>(read(fd, buf, sizeof buf))) == "HTTP/1.1 100 Continue\r\n\r\n");
  Send(fd, "{}");
  auto conn = h.NextRequest();
  REQUIRE(conn);
  CHECK(conn->buffered == "POST /v HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
  CHECK(conn->request_bytes == conn->buffered.size());
}

TEST_CASE("a refused head is answered, shut, and nothing after it is read", "[head_reader]") {
  Harness h({});
  const int fd = h.Connect();
  Send(fd, "POST /v HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n");
  CHECK(ReadUntilClosed(fd) == "HTTP/1.1 411 \r\nConnection: close\r\n\r\n");
  // Sent after the refusal (if the socket still takes it): never read.
  SendAll(fd, "GET /more HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(h.NextRequest(200ms) == nullptr);
  const auto stats = h.reader().stats();
  CHECK(stats.refused == 1);
  CHECK(stats.read_after_refusal == 0);
}

TEST_CASE("deadlines are per request: a head trickled too long gets 408, an idle connection is closed",
          "[head_reader]") {
  HeadReader::Options options;
  options.head_timeout = 300ms;
  options.idle_timeout = 300ms;
  Harness h(options);
  const int trickling = h.Connect();
  const int idle = h.Connect();
  const auto start = std::chrono::steady_clock::now();
  Send(trickling, "GET / HTTP/1.1\r\nX-Slow: ");
  std::string answer;
  // A byte whenever 20 ms pass without an answer.
  while (answer.empty() && std::chrono::steady_clock::now() - start < 5s) {
    pollfd pfd{trickling, POLLIN, 0};
    if (poll(&pfd, 1, 20) > 0)
      answer = ReadUntilClosed(trickling);
    else
      Send(trickling, "s");
  }
  CHECK(answer == "HTTP/1.1 408 \r\nConnection: close\r\n\r\n");
  CHECK(std::chrono::steady_clock::now() - start < 3s);
  CHECK(ReadUntilClosed(idle).empty());
}

TEST_CASE("the bytes buffered for all connections are capped: past it, 503", "[head_reader]") {
  HeadReader::Options options;
  options.max_buffered_bytes = 1000;
  Harness h(options);
  const int first = h.Connect();
  Send(first, "GET / HTTP/1.1\r\nX-Pad: " + std::string(700, 'p'));
  // The first connection's bytes are held (its head is incomplete) before
  // the second one sends.
  while (h.reader().stats().largest_head < 700) std::this_thread::yield();
  const int second = h.Connect();
  Send(second, "GET / HTTP/1.1\r\nX-Pad: " + std::string(700, 'p'));
  CHECK(ReadUntilClosed(second) == "HTTP/1.1 503 \r\nConnection: close\r\n\r\n");
  // The first one completes.
  Send(first, "\r\nHost: x\r\n\r\n");
  CHECK(h.NextRequest() != nullptr);
}
