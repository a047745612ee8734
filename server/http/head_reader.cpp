#include "http/head_reader.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace mark::http {

namespace {

constexpr size_t kMaxEvents = 256;
constexpr uint32_t kReadable = EPOLLIN | EPOLLRDHUP;
// A connection being closed is armed for the client's FIN only: bytes it
// still sends never wake the reader and are never read.
constexpr uint32_t kClientClosed = EPOLLRDHUP;
constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

void AddressOf(const sockaddr_storage& ss, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(ss);
    inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
    port = ntohs(a.sin_port);
  } else if (ss.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(ss);
    inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
    port = ntohs(a.sin6_port);
  }
  ip = text;
}

}  // namespace

HeadReader::HeadReader(Options options, OnRequest on_request, OnRefusal on_refusal)
    : options_(options), on_request_(std::move(on_request)), on_refusal_(std::move(on_refusal)) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) {
    const int err = errno;
    close(epoll_fd_);
    throw std::system_error(err, std::generic_category(), "eventfd");
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;  // the wake-up eventfd
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0) {
    const int err = errno;
    close(wake_fd_);
    close(epoll_fd_);
    throw std::system_error(err, std::generic_category(), "epoll_ctl");
  }
  // Reads are capped by the head and body limits, so one buffer that size
  // serves every connection.
  scratch_.resize(std::max<size_t>(options_.limits.max_head_bytes, 16 * 1024));
  thread_ = std::thread([this] { Run(); });
}

HeadReader::~HeadReader() {
  Stop();
  close(wake_fd_);
  close(epoll_fd_);
}

void HeadReader::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  Wake();
  if (thread_.joinable()) thread_.join();
}

HeadReader::Stats HeadReader::stats() const {
  return {largest_head_.load(), read_after_refusal_.load(), refused_.load()};
}

void HeadReader::Wake() {
  const uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
}

void HeadReader::Adopt(int fd) {
  auto conn = std::make_unique<Connection>();
  conn->fd = fd;
  conn->parser = RequestHeadParser(options_.limits);
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) AddressOf(ss, conn->peer_ip, conn->peer_port);
  len = sizeof ss;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) AddressOf(ss, conn->local_ip, conn->local_port);
  const int flags = fcntl(fd, F_GETFL, 0);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    close(fd);
    return;
  }
  const auto now = Clock::now();
  conn->phase = Connection::Phase::kIdle;
  conn->started = now;
  conn->deadline = now + options_.head_timeout;
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      close(fd);
      return;
    }
    epoll_event ev{};
    ev.events = kReadable | EPOLLONESHOT;
    ev.data.ptr = conn.get();
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
      close(fd);
      return;
    }
    // Registered before the reader can take it over: an event for it may
    // come first, so the reader takes handovers right after every wait.
    wake = conn->deadline < planned_wake_;
    if (wake) planned_wake_ = conn->deadline;
    handovers_.push_back({std::move(conn), After::kNextRequest});
  }
  if (wake) Wake();
}

void HeadReader::Return(std::unique_ptr<Connection> conn, After after) {
  const auto now = Clock::now();
  conn->parser.Reset();
  conn->head = {};
  conn->request_bytes = 0;
  // An idle connection keeps no buffer (the last request's may have been
  // 128 KiB).
  if (conn->buffered.empty()) std::string().swap(conn->buffered);
  bool wake = true;
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      close(conn->fd);
      return;
    }
    if (after == After::kNextRequest) {
      conn->phase = Connection::Phase::kIdle;
      conn->started = now;
      conn->deadline = now + options_.idle_timeout;
      if (conn->buffered.empty()) {
        // The common case needs nothing of the reader now: the worker arms
        // the socket itself, and the reader only learns of the deadline by
        // its next wake-up (unless that would come later than the deadline).
        epoll_event ev{};
        ev.events = kReadable | EPOLLONESHOT;
        ev.data.ptr = conn.get();
        if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, conn->fd, &ev) == 0) {
          wake = conn->deadline < planned_wake_;
          if (wake) planned_wake_ = conn->deadline;
        } else {
          after = After::kClose;  // cannot wait for it: the reader closes it
        }
      }
    }
    handovers_.push_back({std::move(conn), after});
  }
  if (wake) Wake();
}

void HeadReader::TakeHandovers(Clock::time_point now) {
  std::vector<Handover> taken;
  {
    std::lock_guard lock(mu_);
    taken.swap(handovers_);
  }
  for (auto& h : taken) {
    Connection* conn = h.conn.get();
    held_.emplace(conn, std::move(h.conn));
    // The request served leaves the budget only now: requests queued for or
    // held by workers count too.
    Uncount(conn);
    if (h.after == After::kClose) {
      Linger(conn, now);
      continue;
    }
    SetDeadline(conn, conn->deadline);
    conn->counted = conn->buffered.size();
    buffered_bytes_ += conn->counted;
    // Bytes of a pipelined request came with the previous one.
    if (!conn->buffered.empty()) Advance(conn, now);
  }
}

void HeadReader::Run() {
  std::vector<epoll_event> events(kMaxEvents);
  for (;;) {
    auto now = Clock::now();
    TakeHandovers(now);
    while (!deadlines_.empty() && deadlines_.begin()->first <= now) Expire(deadlines_.begin()->second, now);
    int timeout_ms = -1;
    {
      std::lock_guard lock(mu_);
      if (stopping_) break;
      const Clock::time_point next = deadlines_.empty() ? Clock::time_point::max() : deadlines_.begin()->first;
      planned_wake_ = next;
      if (!handovers_.empty()) {
        timeout_ms = 0;
      } else if (next != Clock::time_point::max()) {
        // Rounded up: waking before the deadline would only wait again.
        const auto ms = std::chrono::ceil<std::chrono::milliseconds>(next - now).count();
        timeout_ms = static_cast<int>(std::clamp<long long>(ms, 0, 60 * 1000));
      }
    }
    const int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), timeout_ms);
    now = Clock::now();
    TakeHandovers(now);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.ptr == nullptr) {
        uint64_t count;
        while (read(wake_fd_, &count, sizeof count) > 0) {
        }
        continue;
      }
      OnEvent(static_cast<Connection*>(events[i].data.ptr), events[i].events, now);
    }
  }
  // Stopping: whatever is held or handed over is closed; workers that return
  // connections from now on close them themselves (Return).
  std::vector<Handover> taken;
  {
    std::lock_guard lock(mu_);
    taken.swap(handovers_);
  }
  for (auto& h : taken) close(h.conn->fd);
  for (auto& [conn, owned] : held_) close(conn->fd);
  held_.clear();
  deadlines_.clear();
}

void HeadReader::OnEvent(Connection* conn, uint32_t events, Clock::time_point now) {
  switch (conn->phase) {
    case Connection::Phase::kIdle:
    case Connection::Phase::kHead:
    case Connection::Phase::kBody: ReadMore(conn, now); break;
    case Connection::Phase::kAnswering:
      if (events & (EPOLLERR | EPOLLHUP))
        Close(conn);
      else
        SendAnswer(conn, now);
      break;
    case Connection::Phase::kLingering: Close(conn); break;
    case Connection::Phase::kServing: break;  // not armed while a worker holds it
  }
}

void HeadReader::ReadMore(Connection* conn, Clock::time_point now) {
  // Never more than the head may hold, or than the body still lacks: a
  // connection's buffer stays within max_head_bytes while its head is read.
  size_t want = conn->phase == Connection::Phase::kBody ? conn->request_bytes - conn->buffered.size()
                                                        : options_.limits.max_head_bytes - conn->buffered.size();
  want = std::min(want, scratch_.size());
  const ssize_t n = recv(conn->fd, scratch_.data(), want, MSG_DONTWAIT);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
      Arm(conn, kReadable);
    else
      Close(conn);
    return;
  }
  if (n == 0) {  // the client closed; a partial request is dropped unanswered
    Close(conn);
    return;
  }
  if (conn->refused) read_after_refusal_.fetch_add(static_cast<uint64_t>(n));
  if (buffered_bytes_ + static_cast<size_t>(n) > options_.max_buffered_bytes) {
    Refuse(conn, {503, "too many requests are arriving at once; try again shortly"}, now);
    return;
  }
  conn->buffered.append(scratch_.data(), static_cast<size_t>(n));
  conn->counted += static_cast<size_t>(n);
  buffered_bytes_ += static_cast<size_t>(n);
  Advance(conn, now);
}

void HeadReader::Advance(Connection* conn, Clock::time_point now) {
  if (conn->phase == Connection::Phase::kIdle && !conn->buffered.empty()) {
    conn->phase = Connection::Phase::kHead;
    conn->started = now;
    SetDeadline(conn, now + options_.head_timeout);
  }
  if (conn->phase == Connection::Phase::kHead) {
    const auto state = conn->parser.Parse(conn->buffered);
    size_t seen = largest_head_.load(std::memory_order_relaxed);
    const size_t held = conn->buffered.size();
    while (held > seen && !largest_head_.compare_exchange_weak(seen, held)) {
    }
    if (state == RequestHeadParser::State::kNeedMore) {
      Arm(conn, kReadable);
      return;
    }
    if (state == RequestHeadParser::State::kRejected) {
      Refuse(conn, conn->parser.error(), now);
      return;
    }
    conn->head = conn->parser.head();
    if (conn->head.expect_bytes > 0) {
      // The reader answers 100-continue itself (below); the line goes, so
      // cpp-httplib does not answer it a second time.
      conn->buffered.erase(conn->head.expect_offset, conn->head.expect_bytes);
      conn->head.head_bytes -= conn->head.expect_bytes;
      conn->head.expect_bytes = 0;
    }
    conn->request_bytes = conn->head.head_bytes + static_cast<size_t>(conn->head.content_length);
    conn->phase = Connection::Phase::kBody;
    if (conn->buffered.size() < conn->request_bytes) {
      SetDeadline(conn, now + options_.head_timeout);
      // RFC 9110 section 10.1.1: the client waits for this before its body.
      if (conn->head.expect_continue)
        (void)send(conn->fd, kContinue, sizeof kContinue - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
    }
  }
  if (conn->buffered.size() >= conn->request_bytes)
    Dispatch(conn);
  else
    Arm(conn, kReadable);
}

void HeadReader::Uncount(Connection* conn) {
  buffered_bytes_ -= conn->counted;
  conn->counted = 0;
}

void HeadReader::Dispatch(Connection* conn) {
  DropDeadline(conn);
  conn->phase = Connection::Phase::kServing;
  auto it = held_.find(conn);
  std::unique_ptr<Connection> owned = std::move(it->second);
  held_.erase(it);
  on_request_(std::move(owned));
}

void HeadReader::Refuse(Connection* conn, const HeadError& error, Clock::time_point now) {
  refused_.fetch_add(1);
  conn->refused = true;
  conn->answer = on_refusal_(error, conn->parser.head(),
                             std::chrono::duration_cast<std::chrono::microseconds>(now - conn->started));
  conn->answer_sent = 0;
  Uncount(conn);
  std::string().swap(conn->buffered);
  conn->phase = Connection::Phase::kAnswering;
  SetDeadline(conn, now + options_.write_timeout);
  SendAnswer(conn, now);
}

void HeadReader::SendAnswer(Connection* conn, Clock::time_point now) {
  while (conn->answer_sent < conn->answer.size()) {
    const ssize_t n = send(conn->fd, conn->answer.data() + conn->answer_sent, conn->answer.size() - conn->answer_sent,
                           MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        Arm(conn, EPOLLOUT);
      else
        Close(conn);
      return;
    }
    conn->answer_sent += static_cast<size_t>(n);
  }
  conn->answer.clear();
  conn->answer.shrink_to_fit();
  Linger(conn, now);
}

void HeadReader::Linger(Connection* conn, Clock::time_point now) {
  // The FIN goes after the answer; closing at once with unread bytes would
  // send a reset that can overtake the answer, so the socket stays open (its
  // bytes unread) until the client closes or `linger` passes.
  shutdown(conn->fd, SHUT_WR);
  std::string().swap(conn->buffered);
  conn->phase = Connection::Phase::kLingering;
  SetDeadline(conn, now + options_.linger);
  Arm(conn, kClientClosed);
}

void HeadReader::Close(Connection* conn) {
  DropDeadline(conn);
  Uncount(conn);
  close(conn->fd);
  held_.erase(conn);
}

void HeadReader::Expire(Connection* conn, Clock::time_point now) {
  DropDeadline(conn);
  switch (conn->phase) {
    case Connection::Phase::kHead: Refuse(conn, {408, "the request head did not arrive in time"}, now); break;
    case Connection::Phase::kBody: Refuse(conn, {408, "the request body did not arrive in time"}, now); break;
    default:  // idle, or done with
      Close(conn);
      break;
  }
}

void HeadReader::SetDeadline(Connection* conn, Clock::time_point when) {
  DropDeadline(conn);
  conn->deadline = when;
  conn->has_deadline = true;
  deadlines_.emplace(when, conn);
}

void HeadReader::DropDeadline(Connection* conn) {
  if (!conn->has_deadline) return;
  deadlines_.erase({conn->deadline, conn});
  conn->has_deadline = false;
}

void HeadReader::Arm(Connection* conn, uint32_t events) {
  epoll_event ev{};
  ev.events = events | EPOLLONESHOT;
  ev.data.ptr = conn;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, conn->fd, &ev) != 0) Close(conn);
}

}  // namespace mark::http
