#include "http/framed_server.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "http/access_log.h"
#include "http/problem.h"

namespace mark::http {

namespace {

// cpp-httplib's task queue, run on its listening thread: handing a socket to
// the reader takes a few system calls, so no thread is woken for it.
class InlineQueue final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

// The stream cpp-httplib serves one request over: reads return that
// request's bytes (head, then body) and then end; writes go to the socket,
// all or nothing within the write timeout.
class RequestStream final : public httplib::Stream {
 public:
  RequestStream(const Connection& conn, std::chrono::milliseconds write_timeout)
      : conn_(conn), request_(conn.buffered.data(), conn.request_bytes), write_timeout_(write_timeout) {}

  bool is_readable() const override { return read_ < request_.size(); }
  bool is_writable() const override {
    pollfd pfd{conn_.fd, POLLOUT, 0};
    return poll(&pfd, 1, static_cast<int>(write_timeout_.count())) > 0 && (pfd.revents & POLLOUT);
  }

  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, request_.size() - read_);
    std::memcpy(ptr, request_.data() + read_, n);
    read_ += n;
    return static_cast<ssize_t>(n);
  }

  using httplib::Stream::write;
  ssize_t write(const char* ptr, size_t size) override {
    const auto deadline = std::chrono::steady_clock::now() + write_timeout_;
    size_t sent = 0;
    while (sent < size) {
      const ssize_t n = send(conn_.fd, ptr + sent, size - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd pfd{conn_.fd, POLLOUT, 0};
      if (left.count() <= 0 || poll(&pfd, 1, static_cast<int>(left.count())) <= 0) return -1;
    }
    return static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = conn_.peer_ip;
    port = conn_.peer_port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = conn_.local_ip;
    port = conn_.local_port;
  }
  socket_t socket() const override { return conn_.fd; }

 private:
  const Connection& conn_;
  const std::string_view request_;
  size_t read_ = 0;
  const std::chrono::milliseconds write_timeout_;
};

}  // namespace

FramedServer::FramedServer(Options options, RenderRefusal render_refusal)
    : options_(options),
      render_refusal_(std::move(render_refusal)),
      pool_(options.threads),
      reader_(
          options.reader,
          [this](std::unique_ptr<Connection> conn) {
            // std::function needs a copyable task: the pool runs every task it
            // was given (shutdown included), so the connection is owned again.
            Connection* raw = conn.release();
            pool_.enqueue([this, raw] { Serve(std::unique_ptr<Connection>(raw)); });
          },
          [this](const HeadError& error, const RequestHead& head, std::chrono::microseconds elapsed) {
            return RefusalAnswer(error, head, elapsed);
          }) {
  new_task_queue = [] { return new InlineQueue; };
}

FramedServer::~FramedServer() { Drain(); }

void FramedServer::Drain() {
  reader_.Stop();
  pool_.shutdown();
}

bool FramedServer::process_and_close_socket(socket_t sock) {
  reader_.Adopt(sock);
  return true;
}

void FramedServer::Serve(std::unique_ptr<Connection> conn) {
  RequestStream stream(*conn, options_.write_timeout);
  ++conn->served;
  const bool close = conn->head.close || conn->served >= options_.keep_alive_max;
  bool client_closes = false;
  const bool ok = process_request(stream, close, client_closes, nullptr);
  // The next request starts right after this one, whatever was read of it.
  conn->buffered.erase(0, conn->request_bytes);
  reader_.Return(std::move(conn),
                 ok && !close && !client_closes ? HeadReader::After::kNextRequest : HeadReader::After::kClose);
}

std::string FramedServer::RefusalAnswer(const HeadError& error, const RequestHead& head,
                                        std::chrono::microseconds elapsed) {
  httplib::Response res;
  render_refusal_(error.status, error.detail, res);
  std::string out = "HTTP/1.1 " + std::to_string(error.status) + " " + StatusText(error.status) + "\r\n";
  for (const auto& [name, value] : res.headers) {
    if (name == "Content-Length" || name == "Connection") continue;
    out += name + ": " + value + "\r\n";
  }
  out += "Content-Length: " + std::to_string(res.body.size()) + "\r\nConnection: close\r\n\r\n";
  if (head.method != "HEAD") out += res.body;
  if (options_.access_log) {
    const std::string_view target = head.target;
    WriteAccessLine(head.method, target.substr(0, target.find('?')), error.status,
                    static_cast<double>(elapsed.count()) / 1000.0);
  }
  return out;
}

}  // namespace mark::http
