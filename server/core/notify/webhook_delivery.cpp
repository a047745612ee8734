#include "notify/webhook_delivery.h"

#include <curl/curl.h>
#include <netdb.h>

#include "common/ip_address.h"

#include "notify/curl_init.h"

namespace mark::notify {

namespace {

// The answer's body is not needed: read and dropped, at most 64 KiB.
size_t DiscardBody(char*, size_t size, size_t nmemb, void* user) {
  auto* total = static_cast<size_t*>(user);
  *total += size * nmemb;
  return *total > 64 * 1024 ? 0 : size * nmemb;
}

struct Resolved {
  std::string address;  // numeric
  bool ipv6 = false;
  std::string error;
};

// The first address of `host` that `policy` allows.
Resolved Resolve(const registry::WebhookUrl& u, registry::PrivateAddresses policy) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(u.host.c_str(), std::to_string(u.port).c_str(), &hints, &found);
  if (rc != 0) return {"", false, "cannot resolve " + u.host + ": " + gai_strerror(rc)};
  Resolved out;
  std::string refused;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    auto scope = ScopeOf(a->ai_addr);
    if (!scope) continue;
    const std::string text = AddressText(a->ai_addr);
    if (*scope != AddressScope::kPublic && policy == registry::PrivateAddresses::kRefuse) {
      if (refused.empty()) refused = text + " (" + std::string(ToString(*scope)) + ")";
      continue;
    }
    out.address = text;
    out.ipv6 = a->ai_family == AF_INET6;
    break;
  }
  freeaddrinfo(found);
  if (out.address.empty())
    out.error = refused.empty() ? "no address for " + u.host
                                : "refused: " + u.host + " resolves to " + refused +
                                      "; webhooks go to public addresses only (--webhook-allow-private)";
  return out;
}

}  // namespace

DeliveryOutcome PostWebhook(const WebhookPost& post, registry::PrivateAddresses policy, std::chrono::seconds timeout) {
  EnsureCurlInit();
  DeliveryOutcome out;
  auto url = registry::ParseWebhookUrl(post.url);
  if (!url) {
    out.error = url.error().message;
    return out;
  }
  const Resolved r = Resolve(*url, policy);
  if (!r.error.empty()) {
    out.error = r.error;
    return out;
  }
  out.address = r.address;
  CURL* curl = curl_easy_init();
  if (!curl) {
    out.error = "libcurl cannot start a transfer";
    return out;
  }
  // host:port:address — curl connects to this address whatever DNS says
  // next; the Host header, SNI and certificate name stay the URL's host.
  const std::string pin =
      url->host + ":" + std::to_string(url->port) + ":" + (r.ipv6 ? "[" + r.address + "]" : r.address);
  struct curl_slist* resolve = curl_slist_append(nullptr, pin.c_str());
  struct curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, ("webhook-id: " + post.id).c_str());
  headers = curl_slist_append(headers, ("webhook-timestamp: " + std::to_string(post.timestamp)).c_str());
  headers = curl_slist_append(headers, ("webhook-signature: " + post.signature).c_str());
  headers = curl_slist_append(headers, "Expect:");
  char errbuf[CURL_ERROR_SIZE] = {};
  size_t received = 0;
  curl_easy_setopt(curl, CURLOPT_URL, post.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "anshin-mark-webhooks/1");
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, post.body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &DiscardBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
  const long total_ms = static_cast<long>(timeout.count() * 1000);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, std::min(total_ms, 5000L));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, total_ms);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  const CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
  char* location = nullptr;
  curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location);
  const std::string redirect = location ? location : "";
  curl_easy_cleanup(curl);
  curl_slist_free_all(headers);
  curl_slist_free_all(resolve);
  if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && out.status >= 200)) {
    out.error = errbuf[0] ? std::string(errbuf) : std::string(curl_easy_strerror(rc));
    return out;
  }
  if (out.status >= 200 && out.status < 300) {
    out.delivered = true;
  } else if (out.status >= 300 && out.status < 400) {
    out.error = "HTTP " + std::to_string(out.status) + ": redirect not followed" +
                (redirect.empty() ? std::string() : " (to " + redirect + ")");
  } else {
    out.error = "HTTP " + std::to_string(out.status);
  }
  return out;
}

}  // namespace mark::notify
