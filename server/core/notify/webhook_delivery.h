// One webhook delivery attempt: a signed POST (webhook_signature.h) of the
// outbox's payload to the endpoint's URL, through libcurl.
// - The host is resolved once and the connection goes to exactly the
//   address checked (CURLOPT_RESOLVE pins it), so a name cannot resolve to
//   a public address for the check and a private one for the connection.
// - Loopback, private, link-local and other non-public addresses are refused
//   unless PrivateAddresses::kAllow (--webhook-allow-private).
// - Redirects are not followed (a 3xx is a failed attempt naming it); no
//   proxy from the environment is used (it would undo the pinning).
// - Connect and total timeouts bound every attempt, so a hanging receiver
//   holds one sender thread for at most `timeout`.
// Thread-safe: each call uses its own libcurl handle.
#pragma once

#include <chrono>
#include <string>

#include "registry/webhook_endpoints.h"

namespace mark::notify {

struct WebhookPost {
  std::string url;
  std::string id;           // webhook-id
  long long timestamp = 0;  // webhook-timestamp (Unix seconds)
  std::string signature;    // webhook-signature
  std::string body;         // the JSON payload
};

struct DeliveryOutcome {
  bool delivered = false;  // a 2xx answer
  long status = 0;         // the HTTP status, 0 when none came
  std::string error;       // why not delivered, for the console
  std::string address;     // the address connected to (pinned)
};

DeliveryOutcome PostWebhook(const WebhookPost& post, registry::PrivateAddresses policy, std::chrono::seconds timeout);

}  // namespace mark::notify
