// Bearer-token authentication for the secretariat API, with a limit
// (ServerContext::failures, a RateLimiter of failed tokens per address) that
// answers 429 to an address after repeated failed tokens. Every refused
// token (401, and 429 while locked out) is counted in
// ServerContext::attempts (registry/failed_attempts.h), which keeps the
// counts and their audit rows bounded and notices floods.
#pragma once

#include <httplib.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "http/context.h"
#include "registry/tokens.h"

namespace mark::http {

// The limit on failed tokens: an address that presented kMaxFailedTokens
// wrong tokens within kFailedTokenWindow of its first gets 429 until that
// window ends. ServerContext::failures is a RateLimiter made with these.
inline constexpr int kMaxFailedTokens = 10;
inline constexpr std::chrono::seconds kFailedTokenWindow{300};

// Returns the principal when the request carries a valid token of one of
// `roles`; otherwise writes 401/403/429 problem+json and returns nullopt.
std::optional<registry::Principal> Authorize(ServerContext& ctx, const httplib::Request& req, httplib::Response& res,
                                             const std::vector<registry::Role>& roles);

// For feeds that calendar apps fetch by URL alone: as Authorize, or a
// calendar token in ?token= (any other token in a URL gets 403: a URL is
// kept in histories and logs, so only a token that can change nothing may
// travel in one).
std::optional<registry::Principal> AuthorizeFeed(ServerContext& ctx, const httplib::Request& req,
                                                 httplib::Response& res, const std::vector<registry::Role>& roles);

}  // namespace mark::http
