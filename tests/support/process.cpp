#include "support/process.h"

#include <SQLiteCpp/Database.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "review/calendar.h"

extern char** environ;

namespace mark::testing {

namespace {

std::string ProgramPath(const char* name, const char* built) {
  const char* dir = std::getenv("MARK_BIN_DIR");
  if (dir == nullptr || *dir == '\0') return built;
  return (std::filesystem::path(dir) / name).string();
}

}  // namespace

const std::string& MarkdPath() {
  static const std::string path = ProgramPath("markd", MARK_BUILT_MARKD);
  return path;
}

const std::string& MarkctlPath() {
  static const std::string path = ProgramPath("markctl", MARK_BUILT_MARKCTL);
  return path;
}

namespace {

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

std::vector<char*> Argv(const std::vector<std::string>& args) {
  std::vector<char*> v;
  for (const auto& a : args) v.push_back(const_cast<char*>(a.c_str()));
  v.push_back(nullptr);
  return v;
}

std::vector<std::string> Environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& input,
                         const std::vector<std::string>& env) {
  int in[2], out[2], err[2];
  if (pipe(in) || pipe(out) || pipe(err)) throw std::runtime_error("pipe failed");
  auto envs = Environment(env);
  auto envp = Argv(envs);
  auto args = Argv(argv);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  // Feed stdin from a thread so a chatty child cannot deadlock us.
  std::thread writer([&] {
    size_t off = 0;
    signal(SIGPIPE, SIG_IGN);
    while (off < input.size()) {
      ssize_t n = write(in[1], input.data() + off, input.size() - off);
      if (n <= 0) break;
      off += static_cast<size_t>(n);
    }
    close(in[1]);
  });
  std::string err_text;
  std::thread err_reader([&] { err_text = ReadAll(err[0]); });
  CommandResult r;
  r.out = ReadAll(out[0]);
  err_reader.join();
  writer.join();
  close(out[0]);
  close(err[0]);
  r.err = err_text;
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

std::unique_ptr<ChildProcess> ChildProcess::Start(const std::vector<std::string>& argv) {
  std::unique_ptr<ChildProcess> p(new ChildProcess());
  const std::string out_path = (p->dir_ / "stdout").string(), err_path = (p->dir_ / "stderr").string();
  const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (out < 0 || err < 0 || null < 0) throw std::runtime_error("cannot open the child's files");
  auto envs = Environment({});
  auto envp = Argv(envs);
  auto args = Argv(argv);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(null, 0);
    dup2(out, 1);
    dup2(err, 2);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  close(out);
  close(err);
  close(null);
  if (pid < 0) throw std::runtime_error("fork failed");
  p->pid_ = pid;
  p->pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (p->pidfd_ < 0) throw std::runtime_error("pidfd_open failed");
  return p;
}

ChildProcess::~ChildProcess() {
  if (exit_code_ < 0 && pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (pidfd_ >= 0) close(pidfd_);
}

void ChildProcess::Signal(int sig) const {
  if (exit_code_ < 0) kill(pid_, sig);
}

int ChildProcess::WaitExit(std::chrono::milliseconds timeout) {
  if (exit_code_ >= 0) return exit_code_;
  pollfd pfd{pidfd_, POLLIN, 0};
  if (poll(&pfd, 1, static_cast<int>(timeout.count())) <= 0) return -1;
  int status = 0;
  if (waitpid(pid_, &status, 0) != pid_) return -1;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return exit_code_;
}

std::string ChildProcess::Out() const { return ReadFile(dir_ / "stdout"); }
std::string ChildProcess::Err() const { return ReadFile(dir_ / "stderr"); }

bool WaitUntil(const std::function<bool()>& done, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool ok = done();
  while (!ok && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
    ok = done();
  }
  return ok;
}

void CopyDatabase(const std::filesystem::path& from, const std::filesystem::path& to) {
  SQLite::Database src(from.string(), SQLite::OPEN_READONLY);
  src.exec("VACUUM INTO '" + to.string() + "'");  // paths of ours, not input
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

CommandResult Markctl(const std::vector<std::string>& args, const std::string& input,
                      const std::vector<std::string>& env) {
  std::vector<std::string> argv{MarkctlPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, input, env);
}

SpawnedServer SpawnServer(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          const std::filesystem::path& log, ProcessGroup group) {
  int out[2];
  if (pipe(out)) throw std::runtime_error("pipe failed");
  auto envs = Environment(env);
  auto envp = Argv(envs);
  auto args = Argv(argv);
  int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(log_fd, 2);
    close(out[0]);
    close(out[1]);
    close(log_fd);
    if (group == ProcessGroup::kOwn) setpgid(0, 0);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  close(out[1]);
  close(log_fd);
  SpawnedServer s;
  s.pid = pid;
  // Wait (bounded) for the ready line; the process, not a sleep, says when.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (s.first_line.find('\n') == std::string::npos) {
    pollfd pfd{out[0], POLLIN, 0};
    int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    if (left <= 0 || poll(&pfd, 1, left) <= 0) break;
    char c[256];
    ssize_t n = read(out[0], c, sizeof c);
    if (n <= 0) break;
    s.first_line.append(c, static_cast<size_t>(n));
  }
  close(out[0]);
  return s;
}

int StopServer(pid_t pid, std::optional<std::chrono::milliseconds> grace) {
  kill(pid, SIGTERM);
  int status = 0;
  if (grace) {
    // Waited for through a pidfd, so the exit, not a sleep, ends the wait.
    const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    pollfd pfd{pidfd, POLLIN, 0};
    const bool ended = pidfd >= 0 && poll(&pfd, 1, static_cast<int>(grace->count())) > 0;
    if (pidfd >= 0) close(pidfd);
    if (!ended) kill(pid, SIGKILL);
  }
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void KillServer(pid_t pid) {
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
}

std::unique_ptr<MarkdProcess> MarkdProcess::Start(const Options& o) {
  std::unique_ptr<MarkdProcess> p(new MarkdProcess());
  p->log_path_ =
      o.db.parent_path() / ("markd-" + std::to_string(getpid()) + "-" +
                            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".log");
  std::vector<std::string> argv{MarkdPath(),   "--db",          o.db.string(),
                                "--keys",      o.keys.string(), "--listen",
                                "127.0.0.1:0", "--static",      std::string(MARK_SOURCE_DIR) + "/static"};
  argv.insert(argv.end(), o.extra_args.begin(), o.extra_args.end());
  SpawnedServer spawned = SpawnServer(argv, o.env, p->log_path_);
  p->pid_ = spawned.pid;
  const std::string& line = spawned.first_line;
  const std::string prefix = "listening on http://";
  auto pos = line.find(prefix);
  if (pos == std::string::npos) {
    KillServer(p->pid_);
    p->pid_ = -1;
    throw std::runtime_error("markd did not start: " + p->Log());
  }
  std::string hostport = line.substr(pos + prefix.size());
  hostport = hostport.substr(0, hostport.find_first_of("\r\n"));
  p->base_url_ = "http://" + hostport;
  p->port_ = std::stoi(hostport.substr(hostport.rfind(':') + 1));
  return p;
}

MarkdProcess::~MarkdProcess() {
  if (pid_ > 0) Stop();
}

std::unique_ptr<httplib::Client> MarkdProcess::Client() const {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
  c->set_connection_timeout(5);
  c->set_read_timeout(30);
  c->set_write_timeout(10);
  return c;
}

int MarkdProcess::Stop() {
  if (pid_ <= 0) return -1;
  const int status = StopServer(pid_);
  pid_ = -1;
  return status;
}

void MarkdProcess::Kill() {
  if (pid_ <= 0) return;
  KillServer(pid_);
  pid_ = -1;
}

std::string MarkdProcess::Log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TestRegistry::TestRegistry() : TestRegistry(std::vector<std::string>{}) {}

TestRegistry::TestRegistry(const std::vector<std::string>& extra)
    : clock_(dir_ / "clock", std::chrono::system_clock::now()), extra_args_(extra) {
  auto gen = Markctl({"keys", "generate", "--keys", keys().string()});
  if (gen.exit_code != 0) throw std::runtime_error("keys generate failed: " + gen.err);
  auto tok = Markctl({"token", "create", "--db", db().string(), "--role", "secretariat", "--name", "test-secretariat"});
  if (tok.exit_code != 0) throw std::runtime_error("token create failed: " + tok.err);
  token_ = tok.out.substr(0, tok.out.find('\n'));
  Restart();
}

std::string TestRegistry::CreateToken(const std::string& role, const std::string& name) {
  auto tok = Markctl({"token", "create", "--db", db().string(), "--role", role, "--name", name});
  if (tok.exit_code != 0) throw std::runtime_error("token create failed: " + tok.err);
  return tok.out.substr(0, tok.out.find('\n'));
}

void TestRegistry::Restart() {
  client_.reset();
  markd_.reset();
  std::vector<std::string> args = clock_.Args();
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  markd_ = MarkdProcess::Start({db(), keys(), args, {}});
  client_ = markd_->Client();
}

CommandResult TestRegistry::Markctl(const std::vector<std::string>& args, const std::string& input,
                                    const std::vector<std::string>& env) {
  std::vector<std::string> with_clock = clock_.Args();
  with_clock.insert(with_clock.end(), args.begin(), args.end());
  return mark::testing::Markctl(with_clock, input, env);
}

httplib::Result TestRegistry::Post(const std::string& path, const std::string& body, const std::string& token,
                                   const httplib::Headers& extra) {
  httplib::Headers h = extra;
  h.emplace("Authorization", "Bearer " + (token.empty() ? token_ : token));
  return client_->Post(path.c_str(), h, body, "application/json");
}

httplib::Result TestRegistry::Patch(const std::string& path, const std::string& body, const std::string& token,
                                    const httplib::Headers& extra) {
  httplib::Headers h = extra;
  h.emplace("Authorization", "Bearer " + (token.empty() ? token_ : token));
  return client_->Patch(path.c_str(), h, body, "application/json");
}

httplib::Result TestRegistry::Get(const std::string& path, const httplib::Headers& headers) {
  return client_->Get(path.c_str(), headers);
}

httplib::Result TestRegistry::GetAuth(const std::string& path, const std::string& token) {
  httplib::Headers h{{"Authorization", "Bearer " + (token.empty() ? token_ : token)}};
  return client_->Get(path.c_str(), h);
}

std::string ReadUntilHasAll(const std::function<std::string()>& read, const std::vector<std::string>& parts,
                            std::chrono::seconds timeout) {
  const auto has_all = [&](const std::string& text) {
    for (const auto& part : parts)
      if (!Has(text, part)) return false;
    return true;
  };
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string text = read();
  while (!has_all(text) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
    text = read();
  }
  return text;
}

nlohmann::json BodyJson(const httplib::Result& r) {
  if (!r) throw std::runtime_error("no answer from markd: " + httplib::to_string(r.error()));
  return nlohmann::json::parse(r->body, nullptr, false);
}

std::string RawRequest(int port, const std::string& bytes, int timeout_ms) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "";
  }
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = send(fd, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    pollfd pfd{fd, POLLIN, 0};
    if (left <= 0 || poll(&pfd, 1, left) <= 0) break;
    char buf[4096];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    // One complete answer is enough: headers plus Content-Length bytes.
    auto head_end = out.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      auto cl = out.find("Content-Length: ");
      if (cl != std::string::npos && cl < head_end) {
        size_t len = std::stoul(out.substr(cl + 16));
        if (out.size() >= head_end + 4 + len) break;
      }
    }
  }
  close(fd);
  return out;
}

int RawStatus(const std::string& answer) {
  if (answer.rfind("HTTP/1.", 0) != 0 || answer.size() < 12) return 0;
  return std::atoi(answer.c_str() + 9);
}

namespace {

int ConnectLoopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) close(fd);
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
  return fd;
}

int MillisLeft(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

// Bytes of the whole answer starting at `from` in `text`, or 0 while it is incomplete.
size_t AnswerBytes(const std::string& text, size_t from) {
  const size_t head_end = text.find("\r\n\r\n", from);
  if (head_end == std::string::npos) return 0;
  const size_t head_bytes = head_end + 4 - from;
  if (text.compare(from, 10, "HTTP/1.1 1") == 0) return head_bytes;  // interim: no body
  size_t body = 0;
  const size_t cl = text.find("Content-Length: ", from);
  if (cl != std::string::npos && cl < head_end) body = std::stoul(text.substr(cl + 16, 20));
  return text.size() - from >= head_bytes + body ? head_bytes + body : 0;
}

}  // namespace

RawConnection::RawConnection(int port) : fd_(ConnectLoopback(port)) {}

RawConnection::~RawConnection() { close(fd_); }

bool RawConnection::Send(const std::string& bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

bool RawConnection::ReadSome(int timeout_ms) {
  if (closed_) return false;
  pollfd pfd{fd_, POLLIN, 0};
  if (poll(&pfd, 1, timeout_ms) <= 0) return false;
  char buf[16384];
  ssize_t n = recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    closed_ = true;
    return false;
  }
  received_.append(buf, static_cast<size_t>(n));
  return true;
}

std::string RawConnection::ReadAnswer(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  size_t n = AnswerBytes(received_, answered_);
  while (n == 0 && ReadSome(MillisLeft(deadline))) n = AnswerBytes(received_, answered_);
  if (n == 0) n = received_.size() - answered_;
  std::string answer = received_.substr(answered_, n);
  answered_ += n;
  return answer;
}

bool RawConnection::ReadUntilClosed(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (ReadSome(MillisLeft(deadline))) {
  }
  return closed_;
}

FloodResult RawFlood(int port, const std::string& prefix, char filler, size_t max_bytes, int timeout_ms) {
  FloodResult r;
  const int fd = ConnectLoopback(port);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
  const std::string chunk(64 * 1024, filler);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  bool sending = true;
  while (!r.closed) {
    pollfd pfd{fd, static_cast<short>(POLLIN | (sending ? POLLOUT : 0)), 0};
    const int left = MillisLeft(deadline);
    if (left == 0 || poll(&pfd, 1, left) <= 0) break;
    if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[16384];
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n > 0)
        r.answer.append(buf, static_cast<size_t>(n));
      else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
        r.closed = true;
      continue;
    }
    if (sending && (pfd.revents & POLLOUT)) {
      const std::string& what = r.sent < prefix.size() ? prefix : chunk;
      const size_t from = r.sent < prefix.size() ? r.sent : 0;
      const size_t want = std::min(what.size() - from, max_bytes - r.sent);
      ssize_t n = send(fd, what.data() + from, want, MSG_NOSIGNAL);
      if (n > 0)
        r.sent += static_cast<size_t>(n);
      else if (errno != EAGAIN && errno != EWOULDBLOCK)
        sending = false;  // reset: read what came
      if (r.sent >= max_bytes) sending = false;
    }
  }
  close(fd);
  return r;
}

std::string TestRegistry::RecordPassedReview(const std::string& service_id, const std::string& scheme,
                                             const std::string& kind, const std::string& first_review_body) {
  using nlohmann::json;
  const std::string criteria_id = "test-" + scheme + "-complete";
  // One mandatory item and one gated point item: the smallest complete set.
  json set = {{"id", criteria_id},
              {"scheme", scheme},
              {"complete", true},
              {"rules",
               {{"new", {{"mandatory", 1}, {"points_max", 5}, {"points_min", 3}}},
                {"renewal", {{"mandatory", 1}, {"points_max", 5}, {"points_min", 3}}},
                {"gates", {"1-1-2"}}}},
              {"items",
               {{{"id", "1-1-1"},
                 {"category", 1},
                 {"title", "試験用必須項目"},
                 {"title_en", "Test mandatory item"},
                 {"mandatory", true},
                 {"applies", {"new", "renewal"}},
                 {"evidence", "document"}},
                {{"id", "1-1-2"},
                 {"category", 1},
                 {"title", "試験用加点項目"},
                 {"title_en", "Test point item"},
                 {"points", 5},
                 {"applies", {"new", "renewal"}},
                 {"evidence", "document"}}}}};
  auto c = Post("/api/v1/criteria", set.dump());  // 201 the first time, 200 after
  if (!c || (c->status != 201 && c->status != 200))
    throw std::runtime_error("criteria import failed: " + (c ? c->body : "no answer"));
  // The council's rules (review/grant_rules.h): filed for the latest session
  // on or before today and dated on that session's first day (so the session
  // is not before the application month and has already opened), its review
  // fee paid. The set has no item 2-1-1, so no diagnosis is needed.
  const review::YearMonth session = review::LatestSession(clock_.Today());
  auto a = Post("/api/v1/applications", json{{"service_id", service_id},
                                             {"kind", kind},
                                             {"first_review_body", first_review_body},
                                             {"session", review::FormatYearMonth(session)},
                                             {"application_date", FormatDate(review::SessionOpens(session))}}
                                            .dump());
  if (!a || a->status != 201) throw std::runtime_error("application failed: " + (a ? a->body : "no answer"));
  json application = json::parse(a->body);
  std::string app_id = application["id"];
  for (const json& fee : application["fees"]) {
    if (fee["kind"] == "annual_usage") continue;
    auto paid = Post("/api/v1/fees/" + fee["id"].get<std::string>() + "/pay", "{}");
    if (!paid || paid->status != 200)
      throw std::runtime_error("fee payment failed: " + (paid ? paid->body : "no answer"));
  }
  auto r = Post("/api/v1/applications/" + app_id + "/review",
                json{{"criteria_id", criteria_id}, {"answers", {{"1-1-1", true}, {"1-1-2", 5}}}}.dump());
  if (!r || r->status != 201) throw std::runtime_error("review failed: " + (r ? r->body : "no answer"));
  json review = json::parse(r->body);
  if (!review.value("pass", false)) throw std::runtime_error("test review did not pass: " + r->body);
  return review["id"];
}

std::string TestRegistry::GrantSample(const std::string& scheme, const std::string& valid_from) {
  int n = ++sample_counter_;
  using nlohmann::json;
  auto op = Post("/api/v1/operators", json{{"name", "テスト通信" + std::to_string(n)},
                                           {"name_en", "Test Telecom " + std::to_string(n)},
                                           {"website", "https://example" + std::to_string(n) + ".jp/"}}
                                          .dump());
  if (!op || op->status != 201) throw std::runtime_error("operator create failed: " + (op ? op->body : "no answer"));
  std::string op_id = json::parse(op->body)["id"];
  json svc = {{"operator_id", op_id},
              {"scheme", scheme},
              {"name", "テスト光" + std::to_string(n)},
              {"name_en", "Test Hikari " + std::to_string(n)}};
  if (scheme == "isp")
    svc["domains"] = {"example" + std::to_string(n) + ".jp"};
  else
    svc["ssids"] = {"Test_Free_WiFi_" + std::to_string(n)}, svc["venues"] = {"東京駅"};
  auto s = Post("/api/v1/services", svc.dump());
  if (!s || s->status != 201) throw std::runtime_error("service create failed: " + (s ? s->body : "no answer"));
  std::string service_id = json::parse(s->body)["id"];
  json grant = {{"service_id", service_id},
                {"first_review_body", "JAIPA"},
                {"review_id", RecordPassedReview(service_id, scheme)}};
  if (!valid_from.empty()) grant["valid_from"] = valid_from;
  auto m = Post("/api/v1/marks", grant.dump());
  if (!m || m->status != 201) throw std::runtime_error("grant failed: " + (m ? m->body : "no answer"));
  return json::parse(m->body)["number"];
}

void TestRegistry::EnterRenewalWindow(const std::string& number) {
  auto m = Get("/api/v1/marks/" + number);
  if (!m || m->status != 200) throw std::runtime_error("no mark " + number + ": " + (m ? m->body : "no answer"));
  auto until = ParseDate(nlohmann::json::parse(m->body)["valid_until"].get<std::string>());
  if (!until) throw std::runtime_error("mark " + number + " has no valid_until");
  clock_.SetJst(review::AddMonths(*until, -1), std::chrono::hours(12));
}

}  // namespace mark::testing
