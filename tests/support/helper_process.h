// A helper server a test runs beside markd (the SMTP sink, the webhook
// receiver): started from argv, ready once it prints "listening PORT" on
// stdout; SIGTERM and wait when destroyed (or Kill). Its stderr goes to
// `log` for failure messages.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace mark::testing {

class HelperProcess {
 public:
  // Throws (with the helper's stderr) when it does not print its port
  // within 30 seconds.
  static std::unique_ptr<HelperProcess> Start(const std::vector<std::string>& argv, const std::filesystem::path& log);
  ~HelperProcess();
  HelperProcess(const HelperProcess&) = delete;
  HelperProcess& operator=(const HelperProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  void Stop();

 private:
  HelperProcess() = default;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace mark::testing
