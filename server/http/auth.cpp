#include "http/auth.h"

#include "http/problem.h"
#include "registry/audit.h"

namespace mark::http {

bool FailureLimiter::Blocked(const std::string& addr) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(addr);
  if (it == entries_.end()) return false;
  if (clock_.Now() - it->second.first > kWindow) {
    entries_.erase(it);
    return false;
  }
  return it->second.count >= kMaxFailures;
}

void FailureLimiter::Fail(const std::string& addr) {
  std::lock_guard lock(mu_);
  Instant now = clock_.Now();
  auto& e = entries_[addr];
  if (e.count == 0 || now - e.first > kWindow) e = Entry{0, now};
  ++e.count;
  if (entries_.size() > kMaxTracked) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (now - it->second.first > kWindow) it = entries_.erase(it); else ++it;
    }
    if (entries_.size() > kMaxTracked) entries_.erase(entries_.begin());
  }
}

static void AuditRefusal(ServerContext& ctx, const httplib::Request& req, const std::string& who,
                         const std::string& why) {
  Status st = registry::RecordAudit(ctx.db, registry::AuditRecord{0, ctx.clock.Now(), who, req.remote_addr, "auth",
                                                                  req.method + " " + req.path, "refused", why});
  (void)st;  // a full disk must not turn a 401 into a 500
}

std::optional<registry::Principal> Authorize(ServerContext& ctx, const httplib::Request& req,
                                             httplib::Response& res, const std::vector<registry::Role>& roles) {
  // Only the socket's address counts: a client-sent REMOTE_ADDR header is
  // ignored (cpp-httplib's get_header_value would return it).
  const std::string& addr = req.remote_addr;
  if (ctx.failures.Blocked(addr)) {
    res.set_header("Retry-After", "300");
    SendProblem(res, 429, "too many failed authentication attempts from this address; try again later");
    return std::nullopt;
  }
  auto unauthorized = [&](const std::string& why) {
    ctx.failures.Fail(addr);
    AuditRefusal(ctx, req, "", why);
    res.set_header("WWW-Authenticate", "Bearer realm=\"anshin-mark\"");
    SendProblem(res, 401, why);
    return std::nullopt;
  };
  if (req.get_header_value_count("Authorization") != 1) return unauthorized("a bearer token is required");
  std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0)
    return unauthorized("the Authorization header must be 'Bearer TOKEN'");
  auto who = registry::Authenticate(ctx.db, std::string_view(header).substr(kPrefix.size()));
  if (!who) {
    SendProblem(res, who.error());
    return std::nullopt;
  }
  if (!*who) return unauthorized("the token is not valid");
  for (auto role : roles)
    if ((*who)->role == role) return **who;
  AuditRefusal(ctx, req, (*who)->name, "role " + std::string(registry::ToString((*who)->role)) + " may not do this");
  SendProblem(res, 403, "the token's role (" + std::string(registry::ToString((*who)->role)) + ") may not do this");
  return std::nullopt;
}

}  // namespace mark::http
