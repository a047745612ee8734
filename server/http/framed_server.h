// FramedServer: cpp-httplib's Server with its connection handling replaced,
// so that cpp-httplib never reads from a socket. Debian's 0.11.4 buffers a
// header line of any length and reads on after answering an error; here
//   - the listening thread accepts (cpp-httplib's loop) and hands each
//     socket to the HeadReader (head_reader.h), which reads request heads
//     and bodies under caps and per-request deadlines on one epoll thread
//     and refuses bad framing itself (request_head.h), with
//     `Connection: close`, never reading what follows;
//   - a complete request (head and body in memory) runs on a WorkerPool
//     thread through cpp-httplib's process_request, over a stream that
//     holds exactly that request's bytes: a handler that leaves a body
//     unread cannot make it the next request, and nothing after it is seen;
//   - the connection then goes back to the reader for the next request
//     (keep-alive) or is closed.
// Threads: cpp-httplib's listening thread, the reader, the workers.
#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "http/head_reader.h"
#include "http/worker_pool.h"

namespace mark::http {

class FramedServer final : public httplib::Server {
 public:
  struct Options {
    size_t threads = 256;
    size_t keep_alive_max = 100;  // requests per connection
    std::chrono::milliseconds write_timeout{5000};
    HeadReader::Options reader;
    bool access_log = true;  // refusals are logged like any answer
  };
  // Fills `res` (status, headers, body) for a refused head; the server adds
  // Content-Length and Connection: close.
  using RenderRefusal = std::function<void(int status, const std::string& detail, httplib::Response& res)>;

  FramedServer(Options options, RenderRefusal render_refusal);
  ~FramedServer() override;  // Drain()

  // Once listen_after_bind() has returned: closes the connections waiting
  // for a request, lets the workers finish the requests they hold, joins
  // them. Idempotent.
  void Drain();

  HeadReader::Stats framing_stats() const { return reader_.stats(); }

 private:
  // Called by cpp-httplib's listening loop for each accepted socket.
  bool process_and_close_socket(socket_t sock) override;
  void Serve(std::unique_ptr<Connection> conn);
  std::string RefusalAnswer(const HeadError& error, const RequestHead& head, std::chrono::microseconds elapsed);

  const Options options_;
  const RenderRefusal render_refusal_;
  WorkerPool pool_;
  HeadReader reader_;
};

}  // namespace mark::http
