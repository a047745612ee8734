#include "support/helper_process.h"

#include <chrono>
#include <stdexcept>

#include "support/process.h"

namespace mark::testing {

std::unique_ptr<HelperProcess> HelperProcess::Start(const std::vector<std::string>& argv,
                                                    const std::filesystem::path& log) {
  std::unique_ptr<HelperProcess> p(new HelperProcess());
  SpawnedServer spawned = SpawnServer(argv, {}, log, ProcessGroup::kOwn);
  p->pid_ = spawned.pid;
  const auto pos = spawned.first_line.find("listening ");
  if (pos == std::string::npos) {
    p->Stop();
    throw std::runtime_error(argv[0] + " did not start: " + ReadFile(log));
  }
  p->port_ = std::stoi(spawned.first_line.substr(pos + 10));
  return p;
}

HelperProcess::~HelperProcess() { Stop(); }

void HelperProcess::Stop() {
  if (pid_ <= 0) return;
  StopServer(pid_, std::chrono::seconds(5));
  pid_ = -1;
}

}  // namespace mark::testing
