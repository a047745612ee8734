// HeadReader: the one thread (epoll) that holds every client connection
// while no worker serves it — a new connection, a keep-alive connection
// between requests, a client trickling its head or body. It reads a request
// head under RequestHeadParser's caps and deadlines, then its body (at most
// max_body_bytes), and only then hands the connection to a worker with the
// whole request in memory: a worker never waits for a client's bytes, so
// slow or idle clients hold a buffer here, never a thread.
//
// Deadlines are per request, not per read: a new connection's first head
// must be complete within head_timeout of the accept, a keep-alive
// connection's next head must start within idle_timeout and be complete
// within head_timeout of its first byte, and a body must be complete within
// head_timeout of its head. Trickling does not extend them.
//
// A refused head (RequestHeadParser's 400/411/413/414/417/431/501/505, 408
// when a deadline passes mid-request, 503 when the bytes buffered for all
// connections would pass max_buffered_bytes) gets its answer (made by the
// owner's OnRefusal, which says Connection: close), then the connection is
// shut for writing and closed once the client closes or `linger` passes.
// Nothing the client sent after a refused head is ever read, let alone
// parsed: stats().read_after_refusal counts bytes read from such a
// connection and stays 0.
//
// Thread-safety: Adopt, Return, Stop and stats may be called from any
// thread. The callbacks run on the reader thread and must not block.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/request_head.h"

namespace mark::http {

class HeadReader;

// A client connection. Whoever holds the unique_ptr owns it: the reader, or
// the worker serving its request, never both.
struct Connection {
  int fd = -1;  // non-blocking; closed by the reader
  std::string peer_ip;
  int peer_port = 0;
  std::string local_ip;
  int local_port = 0;

  // Received and not yet served. When handed to a worker it starts with the
  // whole request (request_bytes: head, then body), possibly followed by
  // bytes of the next one.
  std::string buffered;
  RequestHead head;  // of that request
  size_t request_bytes = 0;
  size_t served = 0;  // requests answered on this connection so far

 private:
  friend class HeadReader;
  enum class Phase { kIdle, kHead, kBody, kServing, kAnswering, kLingering };
  Phase phase = Phase::kIdle;
  RequestHeadParser parser;
  std::chrono::steady_clock::time_point started;   // first byte of the current request
  std::chrono::steady_clock::time_point deadline;  // what happens then depends on phase
  bool has_deadline = false;
  bool refused = false;
  std::string answer;  // a refusal being sent
  size_t answer_sent = 0;
  size_t counted = 0;  // bytes of `buffered` in the reader's budget
};

class HeadReader {
 public:
  struct Options {
    HeadLimits limits;
    std::chrono::milliseconds head_timeout{5000};
    std::chrono::milliseconds idle_timeout{2000};
    std::chrono::milliseconds write_timeout{5000};  // for sending a refusal
    std::chrono::milliseconds linger{1000};         // after a refusal or a close
    // All connections' unserved bytes together: a read that would pass it
    // is refused with 503, so many clients at the caps cannot exhaust memory.
    size_t max_buffered_bytes = 64u << 20;
  };
  // A complete request (head and body in conn->buffered): hand it to a
  // worker, which calls Return when it has answered.
  using OnRequest = std::function<void(std::unique_ptr<Connection> conn)>;
  // The whole answer (status line to body) for a refused head; `head` holds
  // the method and target when the request line was read. `elapsed` runs
  // from the request's first byte.
  using OnRefusal =
      std::function<std::string(const HeadError& error, const RequestHead& head, std::chrono::microseconds elapsed)>;

  struct Stats {
    size_t largest_head = 0;          // most bytes buffered while reading a head
    uint64_t read_after_refusal = 0;  // bytes read from a connection after refusing it
    uint64_t refused = 0;             // heads refused (deadlines included)
  };

  // Starts the reader thread. Throws std::system_error when the kernel
  // refuses an epoll instance or an eventfd.
  HeadReader(Options options, OnRequest on_request, OnRefusal on_refusal);
  ~HeadReader();  // Stop()

  // A freshly accepted socket; the reader owns (and eventually closes) it.
  void Adopt(int fd);
  enum class After { kNextRequest, kClose };
  // A worker is done with `conn` (the request it served already dropped
  // from buffered): wait for its next request, or close it.
  void Return(std::unique_ptr<Connection> conn, After after);
  // Closes every connection held, and ends the thread; connections adopted
  // or returned afterwards are closed at once. Idempotent.
  void Stop();

  Stats stats() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Handover {
    std::unique_ptr<Connection> conn;
    After after;
  };

  void Run();
  void TakeHandovers(Clock::time_point now);
  void OnEvent(Connection* conn, uint32_t events, Clock::time_point now);
  void ReadMore(Connection* conn, Clock::time_point now);
  void Advance(Connection* conn, Clock::time_point now);
  void Dispatch(Connection* conn);
  void Refuse(Connection* conn, const HeadError& error, Clock::time_point now);
  void SendAnswer(Connection* conn, Clock::time_point now);
  void Linger(Connection* conn, Clock::time_point now);
  void Close(Connection* conn);
  void Expire(Connection* conn, Clock::time_point now);
  void SetDeadline(Connection* conn, Clock::time_point when);
  void DropDeadline(Connection* conn);
  void Arm(Connection* conn, uint32_t events);
  void Uncount(Connection* conn);
  void Wake();

  const Options options_;
  const OnRequest on_request_;
  const OnRefusal on_refusal_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: handovers that need the reader now

  // Reader thread only.
  std::unordered_map<Connection*, std::unique_ptr<Connection>> held_;
  std::set<std::pair<Clock::time_point, Connection*>> deadlines_;
  std::vector<char> scratch_;
  size_t buffered_bytes_ = 0;  // held connections' `counted`, summed

  // Shared, under mu_.
  std::mutex mu_;
  std::vector<Handover> handovers_;
  Clock::time_point planned_wake_ = Clock::time_point::max();  // when the reader wakes next at the latest
  bool stopping_ = false;

  std::atomic<size_t> largest_head_{0};
  std::atomic<uint64_t> read_after_refusal_{0};
  std::atomic<uint64_t> refused_{0};
  std::thread thread_;
};

}  // namespace mark::http
