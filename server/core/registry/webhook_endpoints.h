// Webhook endpoints: where the registry POSTs its mark events (Standard
// Webhooks; the delivery itself is notify/webhook_delivery.h). The
// secretariat registers an endpoint with the events it wants, optionally
// only some marks or one operator's marks; each delivery waits in the
// outbox (outbox.h) like every notice. The endpoint's signing secret is
// stored only sealed (`secret_box`, notify/webhook_key.h): this file never
// sees it in clear. A removed endpoint stays, marked deleted_at, so the
// outbox's record of earlier deliveries keeps its meaning; its pending
// deliveries are dropped.
// Thread-safe as Database is.
#pragma once

#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "registry/registry.h"

namespace mark::registry {

// The events a webhook can ask for (mark.expired comes from the scheduler,
// notice_schedule.h; the others from mark events, outbox.h).
inline constexpr const char* kWebhookEvents[] = {"mark.granted",    "mark.renewed",  "mark.amended", "mark.suspended",
                                                 "mark.reinstated", "mark.returned", "mark.revoked", "mark.expired"};

// An endpoint URL taken apart: http or https, a host (name or address
// literal), a port; no user info, no fragment.
struct WebhookUrl {
  std::string scheme;  // "http" | "https"
  std::string host;    // lower case; an IPv6 literal without brackets
  int port = 0;
  std::string target;  // path and query, at least "/"
};
Result<WebhookUrl> ParseWebhookUrl(std::string_view url);

// Whether endpoints may name (or resolve to) loopback, private and
// link-local addresses: only for tests and closed networks.
enum class PrivateAddresses { kRefuse, kAllow };

struct WebhookEndpoint {
  std::string id;  // "wh_…"
  std::string url;
  std::vector<std::string> events;
  std::vector<std::string> marks;  // empty: every mark
  std::string operator_id;         // "": any operator
  std::string secret_box;          // the sealed secret (notify/webhook_key.h)
  std::string created_at, created_by;
  std::optional<std::string> deleted_at;

  // Whether a delivery of `event` about mark `number` of operator
  // `mark_operator` goes to this endpoint.
  bool Wants(std::string_view event, const std::string& number, const std::string& mark_operator) const;
};
// {id, url, events, marks, operator_id, created_at} (never the secret).
nlohmann::json WebhookEndpointJson(const WebhookEndpoint& e);

// POST /api/v1/webhooks {url, events[], marks?, operator_id?}: validated
// (errors name the field), stored with `secret_box` under a new id, audited
// ("webhook.create"). The answer is the endpoint's JSON, without the
// secret: the idempotency record keeps it, and a database holds no secret.
Result<WriteResult> CreateWebhookEndpoint(Registry& registry, const nlohmann::json& body, const std::string& secret_box,
                                          PrivateAddresses policy, const WriteRequest& req);
// DELETE /api/v1/webhooks/{id}: marks it deleted and drops its pending
// deliveries (audited "webhook.delete"). Not found when unknown or deleted.
Result<WriteResult> DeleteWebhookEndpoint(Registry& registry, const std::string& id, const WriteRequest& req);
// Endpoints not deleted, oldest first.
Result<std::vector<WebhookEndpoint>> ListWebhookEndpoints(const storage::Database& db);
// One endpoint, deleted ones included.
std::optional<WebhookEndpoint> LoadWebhookEndpoint(SQLite::Database& db, const std::string& id);
// Endpoints not deleted (inside a transaction).
std::vector<WebhookEndpoint> ActiveWebhookEndpoints(SQLite::Database& db);
// Whether an endpoint (not deleted) is stored: markd needs the webhook key
// then.
Result<bool> AnyWebhookEndpoint(const storage::Database& db);

}  // namespace mark::registry
