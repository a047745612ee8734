// Housekeeping: markd's one periodic writer, on a thread of its own. Every
// `period` it writes the failed token attempts counted in memory
// (failed_attempts.h); whenever the clock has moved a minute or more since
// it started or last did, it prunes what is kept only for a while (retention.h). A
// failure is reported through `report` (markd prints it) and tried again
// next time. The destructor stops the thread and flushes once more, so
// counts made before a clean stop are kept. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "common/clock.h"
#include "storage/database.h"
#include "registry/failed_attempts.h"

namespace mark::registry {

class Housekeeping {
 public:
  using Report = std::function<void(const std::string& what)>;
  Housekeeping(storage::Database& db, const Clock& clock, FailedAttempts& attempts, Report report,
               std::chrono::milliseconds period = std::chrono::seconds(1));
  ~Housekeeping();
  Housekeeping(const Housekeeping&) = delete;
  Housekeeping& operator=(const Housekeeping&) = delete;

 private:
  void Run();
  // One round: flush, and prune when due.
  void Tick();

  storage::Database& db_;
  const Clock& clock_;
  FailedAttempts& attempts_;
  Report report_;
  const std::chrono::milliseconds period_;
  Instant last_prune_{};
  bool failing_ = false;  // a failure was reported and nothing has succeeded since
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once everything above is set
};

}  // namespace mark::registry
