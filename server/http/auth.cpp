#include "http/auth.h"

#include "http/problem.h"
#include "http/rate_limiter.h"
#include "storage/audit.h"

namespace mark::http {

static void AuditRefusal(ServerContext& ctx, const httplib::Request& req, const std::string& who,
                         const std::string& why) {
  Status st = storage::RecordAudit(ctx.db, storage::AuditRecord{0, ctx.clock.Now(), who, req.remote_addr, "auth",
                                                                req.method + " " + req.path, "refused", why});
  (void)st;  // a full disk must not turn a 401 into a 500
}

namespace {

// Counted, not audited one by one: the audit trail gets a row per address
// and hour past a threshold (registry/failed_attempts.h).
void CountFailure(ServerContext& ctx, const httplib::Request& req, registry::AttemptOutcome outcome) {
  if (ctx.attempts) ctx.attempts->Record(req.remote_addr, outcome);
}

// 429 for an address with too many failed tokens just now.
bool RefusedAsBlocked(ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto wait = ctx.failures.RetryAfter(req.remote_addr);
  if (!wait) return false;
  CountFailure(ctx, req, registry::AttemptOutcome::kBlocked);
  res.set_header("Retry-After", std::to_string(wait->count()));
  SendProblem(res, 429, "too many failed authentication attempts from this address; try again later");
  return true;
}

// Where a presented token came from: the Authorization header, or the feed's URL.
enum class TokenSource { kHeader, kUrl };

std::optional<registry::Principal> Unauthorized(ServerContext& ctx, const httplib::Request& req, httplib::Response& res,
                                                const std::string& why) {
  ctx.failures.Record(req.remote_addr);
  CountFailure(ctx, req, registry::AttemptOutcome::kRefused);
  res.set_header("WWW-Authenticate", "Bearer realm=\"anshin-mark\"");
  SendProblem(res, 401, why);
  return std::nullopt;
}

// The principal `token` belongs to, if it holds one of `roles`; otherwise
// the refusal is written (401, 403) and audited.
std::optional<registry::Principal> CheckToken(ServerContext& ctx, const httplib::Request& req, httplib::Response& res,
                                              std::string_view token, const std::vector<registry::Role>& roles,
                                              TokenSource source) {
  auto who = registry::Authenticate(ctx.db, token);
  if (!who) {
    SendProblem(res, who.error());
    return std::nullopt;
  }
  if (!*who) return Unauthorized(ctx, req, res, "the token is not valid");
  const std::string role(registry::ToString((*who)->role));
  if (source == TokenSource::kUrl && (*who)->role != registry::Role::kCalendar) {
    AuditRefusal(ctx, req, (*who)->name, "a " + role + " token was sent in a URL");
    SendProblem(res, 403,
                "only a calendar token may be sent in a URL (markctl token create --role calendar); this " + role +
                    " token has now been in one, so revoke it");
    return std::nullopt;
  }
  for (auto r : roles)
    if ((*who)->role == r) return **who;
  AuditRefusal(ctx, req, (*who)->name, "role " + role + " may not do this");
  SendProblem(res, 403, "the token's role (" + role + ") may not do this");
  return std::nullopt;
}

}  // namespace

std::optional<registry::Principal> Authorize(ServerContext& ctx, const httplib::Request& req, httplib::Response& res,
                                             const std::vector<registry::Role>& roles) {
  // Only the socket's address counts (or the client behind a trusted proxy,
  // client_address.h): a client-sent REMOTE_ADDR header is ignored
  // (cpp-httplib's get_header_value would return it).
  if (RefusedAsBlocked(ctx, req, res)) return std::nullopt;
  if (req.get_header_value_count("Authorization") != 1)
    return Unauthorized(ctx, req, res, "a bearer token is required");
  std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0)
    return Unauthorized(ctx, req, res, "the Authorization header must be 'Bearer TOKEN'");
  return CheckToken(ctx, req, res, std::string_view(header).substr(kPrefix.size()), roles, TokenSource::kHeader);
}

std::optional<registry::Principal> AuthorizeFeed(ServerContext& ctx, const httplib::Request& req,
                                                 httplib::Response& res, const std::vector<registry::Role>& roles) {
  if (req.get_param_value_count("token") == 0) return Authorize(ctx, req, res, roles);
  if (RefusedAsBlocked(ctx, req, res)) return std::nullopt;
  if (req.get_param_value_count("token") != 1 || req.has_header("Authorization"))
    return Unauthorized(ctx, req, res, "send one token: in the URL (?token=) or as a Bearer token, not both");
  return CheckToken(ctx, req, res, req.get_param_value("token"), roles, TokenSource::kUrl);
}

}  // namespace mark::http
