// Standard Webhooks (standardwebhooks.com) signing: an endpoint's secret is
// "whsec_" + base64 of random bytes; each delivery carries webhook-id,
// webhook-timestamp (Unix seconds) and webhook-signature "v1,<base64 of
// HMAC-SHA256 over "id.timestamp.body">" keyed by the secret's decoded
// bytes. Receivers check it with the specification's reference libraries.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace mark::notify {

// A new secret: "whsec_" + base64 of 32 random bytes.
std::string NewWebhookSecret();
// The key bytes of a "whsec_…" secret.
Result<std::string> WebhookSecretKey(std::string_view secret);
// "v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>".
std::string WebhookSignature(std::string_view key, std::string_view id, long long timestamp, std::string_view body);

}  // namespace mark::notify
