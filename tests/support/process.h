// Running the real programs from tests: markctl as a command, markd as a
// server on a loopback port chosen by the kernel (--listen 127.0.0.1:0).
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "support/test_clock.h"

namespace mark::testing {

// The markd and markctl that tests run: this build's own, or those in
// $MARK_BIN_DIR when it is set (to run these tests against other builds of
// the programs without compiling the tests again).
const std::string& MarkdPath();
const std::string& MarkctlPath();

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] a path) with `input` on stdin; waits for it.
// `env` entries "NAME=value" are added to the environment.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& input = "",
                         const std::vector<std::string>& env = {});
// markctl with these arguments.
CommandResult Markctl(const std::vector<std::string>& args, const std::string& input = "",
                      const std::vector<std::string>& env = {});

// A server program (markd, the SMTP sink, the webhook receiver) started with
// its stdout on a pipe and its stderr into the file `log`, and its first line
// of stdout: the line that says it is ready, with its port. Returns once that
// line has come, the program closed its stdout, or 30 seconds passed (then
// `first_line` lacks what the caller looks for: the caller stops it and
// throws with the log). `env` entries "NAME=value" are added to the
// environment; ProcessGroup::kOwn puts it in a process group of its own.
enum class ProcessGroup { kInherit, kOwn };
struct SpawnedServer {
  pid_t pid = -1;
  std::string first_line;  // up to its newline, or what came before the end
};
SpawnedServer SpawnServer(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          const std::filesystem::path& log, ProcessGroup group = ProcessGroup::kInherit);
// SIGTERM, then waits for it: without end, or at most `grace` before a
// SIGKILL. Returns its exit status (128 + the signal when a signal ended it).
int StopServer(pid_t pid, std::optional<std::chrono::milliseconds> grace = std::nullopt);
// SIGKILL, then waits for it.
void KillServer(pid_t pid);

// A running markd. Stops it (SIGTERM, then waits) when destroyed.
class MarkdProcess {
 public:
  struct Options {
    std::filesystem::path db;
    std::filesystem::path keys;
    std::vector<std::string> extra_args;
    std::vector<std::string> env;
  };
  // Starts markd and waits for its "listening on" line. Throws on failure
  // (with markd's stderr in the message).
  static std::unique_ptr<MarkdProcess> Start(const Options& options);
  ~MarkdProcess();

  int port() const { return port_; }
  const std::string& base_url() const { return base_url_; }
  std::unique_ptr<httplib::Client> Client() const;
  pid_t pid() const { return pid_; }
  // SIGTERM and wait; returns the exit status.
  int Stop();
  // SIGKILL and wait.
  void Kill();
  // What markd wrote to stderr so far.
  std::string Log() const;

 private:
  MarkdProcess() = default;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string base_url_;
  std::filesystem::path log_path_;
};

// A program started and left running: for a start that must end by itself
// (a refusal) or be stopped (a signal), waited for with a deadline through
// a pidfd, so the process, not a sleep, says when. Its stdout and stderr go
// to files. Killed (SIGKILL) and reaped when destroyed if still running.
class ChildProcess {
 public:
  // Throws when it cannot be started.
  static std::unique_ptr<ChildProcess> Start(const std::vector<std::string>& argv);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int sig) const;
  // Its exit code (128 + the signal when a signal ended it), or -1 when it
  // is still running after `timeout`.
  int WaitExit(std::chrono::milliseconds timeout);
  std::string Out() const;
  std::string Err() const;

 private:
  ChildProcess() = default;
  pid_t pid_ = -1;
  int pidfd_ = -1;
  int exit_code_ = -1;
  TempDir dir_;
};

// Calls `done` until it returns true or `timeout` passes; returns its last
// answer. For effects markd writes a moment after it answered (counts it
// writes once a second: registry/housekeeping.h).
bool WaitUntil(const std::function<bool()>& done, std::chrono::seconds timeout = std::chrono::seconds(10));

// A consistent copy of the SQLite file `from` at `to` (VACUUM INTO), for
// tests that damage or reopen a registry without touching the original.
void CopyDatabase(const std::filesystem::path& from, const std::filesystem::path& to);

// A whole file's bytes ("" when it cannot be read).
std::string ReadFile(const std::filesystem::path& path);
// Whether `text` contains `part`.
inline bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
// Calls `read` (a log file, markd's stderr) until what it returns contains
// every one of `parts`, or `timeout` passed; returns the last text read.
// For logs written just after an answer went out: check what must be
// absent only once what must be present has arrived.
std::string ReadUntilHasAll(const std::function<std::string()>& read, const std::vector<std::string>& parts,
                            std::chrono::seconds timeout = std::chrono::seconds(10));

// The answer's body as JSON (discarded when it is not JSON). Throws when
// there was no answer at all, so a test fails instead of reading null.
nlohmann::json BodyJson(const httplib::Result& r);

// Sends `bytes` as they are to 127.0.0.1:port and returns everything the
// server answered until it closed or `timeout_ms` passed (for requests no
// well-behaved client library would send).
std::string RawRequest(int port, const std::string& bytes, int timeout_ms = 5000);
// The status code of a raw HTTP answer, or 0.
int RawStatus(const std::string& answer);

// One client connection to 127.0.0.1:port for requests no well-behaved
// client library would send, read byte for byte. Closed when destroyed.
class RawConnection {
 public:
  // Throws when it cannot connect.
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends all of `bytes`; false when the server closed or reset first.
  bool Send(const std::string& bytes);
  // The next whole answer (an interim 1xx is one too: its head), or what
  // arrived of it when the server closed or `timeout_ms` passed.
  std::string ReadAnswer(int timeout_ms = 5000);
  // Reads until the server closes (true: EOF or reset) or `timeout_ms`
  // passes (false).
  bool ReadUntilClosed(int timeout_ms = 5000);
  // Everything received so far, answers returned by ReadAnswer included.
  const std::string& received() const { return received_; }
  int fd() const { return fd_; }

 private:
  // Waits up to `timeout_ms` for bytes; false on EOF, reset or timeout
  // (closed_ tells which).
  bool ReadSome(int timeout_ms);
  int fd_ = -1;
  bool closed_ = false;
  std::string received_;
  size_t answered_ = 0;  // bytes of received_ already returned by ReadAnswer
};

// A client that never ends its head: sends `prefix`, then `filler` bytes
// (up to `max_bytes` in all) while reading the answer, until the server
// closes or `timeout_ms` passes. Returns what the server sent; `closed`
// says whether it closed, `sent` how many bytes the kernel took.
struct FloodResult {
  std::string answer;
  bool closed = false;
  size_t sent = 0;
};
FloodResult RawFlood(int port, const std::string& prefix, char filler, size_t max_bytes, int timeout_ms = 10000);

// A registry ready for tests: a temp folder with a signing key, a database,
// a secretariat token, and markd serving it on a test clock (--test-clock)
// that starts at the real now and moves only when the test moves it.
class TestRegistry {
 public:
  TestRegistry();
  explicit TestRegistry(const std::vector<std::string>& extra_markd_args);

  const TempDir& dir() const { return dir_; }
  std::filesystem::path db() const { return dir_ / "registry.db"; }
  std::filesystem::path keys() const { return dir_ / "keys"; }
  MarkdProcess& markd() { return *markd_; }
  const std::string& token() const { return token_; }
  // Makes `token` the one Post, GetAuth and the helpers below use (after
  // the database that held the first one was replaced).
  void SetToken(std::string token) { token_ = std::move(token); }
  // The clock markd reads (and Markctl below passes on).
  TestClock& clock() { return clock_; }
  // markctl on this registry's clock.
  CommandResult Markctl(const std::vector<std::string>& args, const std::string& input = "",
                        const std::vector<std::string>& env = {});
  // A new token of `role` named `name`.
  std::string CreateToken(const std::string& role, const std::string& name);
  void Restart();

  // Convenience: JSON POST with the secretariat token.
  httplib::Result Post(const std::string& path, const std::string& json_body, const std::string& token = "",
                       const httplib::Headers& extra = {});
  // JSON PATCH (an amendment) with the secretariat token.
  httplib::Result Patch(const std::string& path, const std::string& json_body, const std::string& token = "",
                        const httplib::Headers& extra = {});
  httplib::Result Get(const std::string& path, const httplib::Headers& headers = {});
  // GET with a bearer token (the secretariat's when empty).
  httplib::Result GetAuth(const std::string& path, const std::string& token = "");
  // Creates an operator, a service and a mark; returns the mark number.
  // The grant rests on a passed review (RecordPassedReview), as grants must.
  std::string GrantSample(const std::string& scheme = "isp", const std::string& valid_from = "");
  // Moves the test clock to noon JST one month before the mark's valid_until:
  // inside its renewal window (registry/validity.h), still valid.
  void EnterRenewalWindow(const std::string& number);
  // Records, through the API, a passing review of `service_id` (kind "new" or
  // "renewal") against a small complete criteria set of `scheme` (imported
  // on first use as "test-isp-complete" / "test-wifi-complete"), on an
  // application that meets the council's rules as of the test clock (latest
  // session on or before today, dated on its first day, review fee paid);
  // returns the review id, ready for a grant's or renewal's review_id (a
  // renewal also needs the clock inside the mark's renewal window).
  std::string RecordPassedReview(const std::string& service_id, const std::string& scheme = "isp",
                                 const std::string& kind = "new", const std::string& first_review_body = "JAIPA");

 private:
  TempDir dir_;
  TestClock clock_;
  std::vector<std::string> extra_args_;
  std::unique_ptr<MarkdProcess> markd_;
  std::unique_ptr<httplib::Client> client_;
  std::string token_;
  int sample_counter_ = 0;
};

}  // namespace mark::testing
