// RateLimiter: at most N events per key (a peer address, a network) in a
// fixed window that opens with the key's first event: the one limiter of the
// HTTP layer, for misuse reports (routes_reports.cpp), badge PNG renders
// (routes_badges.cpp) and failed bearer tokens (auth.h). In memory only
// (addresses are never stored), time from the injected Clock so tests can
// step it.
// Thread-safe; memory bounded (expired keys are dropped, and past
// max_tracked the oldest window goes first).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"

namespace mark::http {

class RateLimiter {
 public:
  RateLimiter(const Clock& clock, int max_events, std::chrono::seconds window, size_t max_tracked = 10000)
      : clock_(clock), max_events_(max_events), window_(window), max_tracked_(max_tracked) {}

  // nullopt when `key` may act now; otherwise the whole seconds (>= 1) until
  // it may, for Retry-After. Does not count anything.
  std::optional<std::chrono::seconds> RetryAfter(const std::string& key);
  // Counts one accepted event for `key`.
  void Record(const std::string& key);

 private:
  struct Window {
    int count = 0;
    Instant start{};
  };
  const Clock& clock_;
  const int max_events_;
  const std::chrono::seconds window_;
  const size_t max_tracked_;
  std::mutex mu_;
  std::map<std::string, Window> windows_;
};

}  // namespace mark::http
