#include "support/helper_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

#include "support/process.h"

namespace mark::testing {

std::unique_ptr<HelperProcess> HelperProcess::Start(const std::vector<std::string>& argv,
                                                    const std::filesystem::path& log) {
  std::unique_ptr<HelperProcess> p(new HelperProcess());
  int out[2];
  if (pipe(out)) throw std::runtime_error("pipe failed");
  int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(log_fd, 2);
    close(out[0]);
    close(out[1]);
    close(log_fd);
    setpgid(0, 0);
    execv(args[0], args.data());
    _exit(127);
  }
  close(out[1]);
  close(log_fd);
  p->pid_ = pid;
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (line.find('\n') == std::string::npos) {
    pollfd pfd{out[0], POLLIN, 0};
    int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    if (left <= 0 || poll(&pfd, 1, left) <= 0) break;
    char c[256];
    ssize_t n = read(out[0], c, sizeof c);
    if (n <= 0) break;
    line.append(c, static_cast<size_t>(n));
  }
  close(out[0]);
  const auto pos = line.find("listening ");
  if (pos == std::string::npos) {
    p->Stop();
    throw std::runtime_error(argv[0] + " did not start: " + ReadFile(log));
  }
  p->port_ = std::stoi(line.substr(pos + 10));
  return p;
}

HelperProcess::~HelperProcess() { Stop(); }

void HelperProcess::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    usleep(50 * 1000);
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace mark::testing
