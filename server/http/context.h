// ServerContext: what the HTTP routes reach into. Built once by main(); the
// routes hold references, never own anything.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "common/clock.h"
#include "storage/database.h"
#include "registry/failed_attempts.h"
#include "registry/registry.h"
#include "registry/reports.h"
#include "publish/status_publisher.h"
#include "registry/webhook_endpoints.h"

namespace mark::crypto {
class KeyStore;
}
namespace mark::tlog {
class MerkleLog;
}
namespace mark::notify {
class WebhookKey;
}

namespace mark::http {

class RateLimiter;

struct ServerContext {
  registry::Registry& registry;
  storage::Database& db;
  const Clock& clock;
  std::string public_url;
  std::filesystem::path static_dir;
  RateLimiter& failures;         // failed tokens per address (auth.h)
  const crypto::KeyStore& keys;  // JWKS
  publish::StatusPublisher& status;
  tlog::MerkleLog* log = nullptr;  // the transparency log (routes_log.cpp)
  // The registry's issuer (registry/issuer_identity.h): the iss its
  // certificates carry, which stays when public_url changes.
  std::string issuer = {};
  // Refused bearer tokens, counted and bounded (registry/failed_attempts.h);
  // none: only the in-memory lockout counts them.
  registry::FailedAttempts* attempts = nullptr;
  // The bound on open misuse reports (registry/reports.h, --open-reports-max).
  long long open_reports_max = registry::kDefaultOpenReportsBound;
  // Seals webhook endpoints' secrets (notify/webhook_key.h); null when the
  // key folder has none (registering an endpoint is refused then).
  const notify::WebhookKey* webhook_key = nullptr;
  registry::PrivateAddresses webhook_private = registry::PrivateAddresses::kRefuse;
};

}  // namespace mark::http
