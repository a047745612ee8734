#include "http/rate_limiter.h"

#include <algorithm>

namespace mark::http {

std::optional<std::chrono::seconds> RateLimiter::RetryAfter(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = windows_.find(key);
  if (it == windows_.end()) return std::nullopt;
  const Instant now = clock_.Now();
  const Instant end = it->second.start + window_;
  if (now >= end) {
    windows_.erase(it);
    return std::nullopt;
  }
  if (it->second.count < max_events_) return std::nullopt;
  auto left = std::chrono::ceil<std::chrono::seconds>(end - now);
  return std::max(left, std::chrono::seconds(1));
}

void RateLimiter::Record(const std::string& key) {
  std::lock_guard lock(mu_);
  const Instant now = clock_.Now();
  auto& w = windows_[key];
  if (w.count == 0 || now >= w.start + window_) w = Window{0, now};
  ++w.count;
  if (windows_.size() > max_tracked_) {
    for (auto it = windows_.begin(); it != windows_.end();) {
      if (now >= it->second.start + window_)
        it = windows_.erase(it);
      else
        ++it;
    }
    while (windows_.size() > max_tracked_) {
      auto oldest = std::min_element(windows_.begin(), windows_.end(),
                                     [](const auto& a, const auto& b) { return a.second.start < b.second.start; });
      windows_.erase(oldest);
    }
  }
}

}  // namespace mark::http
