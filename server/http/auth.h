// Bearer-token authentication for the secretariat API, with a limiter that
// answers 429 to an address after repeated failed tokens. Every refused
// token (401, and 429 while locked out) is counted in
// ServerContext::attempts (registry/failed_attempts.h), which keeps the
// counts and their audit rows bounded and notices floods.
#pragma once

#include <httplib.h>

#include <vector>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"
#include "http/context.h"
#include "registry/tokens.h"

namespace mark::http {

// Counts failed authentications per peer address in a sliding window.
// Thread-safe; memory bounded (oldest addresses dropped past kMaxTracked).
class FailureLimiter {
 public:
  static constexpr int kMaxFailures = 10;
  static constexpr std::chrono::seconds kWindow{300};
  static constexpr size_t kMaxTracked = 10000;

  explicit FailureLimiter(const Clock& clock) : clock_(clock) {}
  bool Blocked(const std::string& addr);
  void Fail(const std::string& addr);

 private:
  struct Entry {
    int count = 0;
    Instant first{};
  };
  const Clock& clock_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
};

// Returns the principal when the request carries a valid token of one of
// `roles`; otherwise writes 401/403/429 problem+json and returns nullopt.
std::optional<registry::Principal> Authorize(ServerContext& ctx, const httplib::Request& req,
                                             httplib::Response& res, const std::vector<registry::Role>& roles);

// For feeds that calendar apps fetch by URL alone: as Authorize, or a
// calendar token in ?token= (any other token in a URL gets 403: a URL is
// kept in histories and logs, so only a token that can change nothing may
// travel in one).
std::optional<registry::Principal> AuthorizeFeed(ServerContext& ctx, const httplib::Request& req,
                                                 httplib::Response& res, const std::vector<registry::Role>& roles);

}  // namespace mark::http
