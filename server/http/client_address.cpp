#include "http/client_address.h"

#include <arpa/inet.h>

#include <algorithm>

#include "common/trim.h"

namespace mark::http {

namespace {

// A proxy chain longer than this is not one we run; stop walking it.
constexpr size_t kMaxForwardedHops = 16;

// The X-Forwarded-For entries, left (the original client) to right (the
// hop nearest to us), across repeated headers.
std::vector<std::string_view> ForwardedEntries(const std::vector<std::string>& headers) {
  std::vector<std::string_view> entries;
  for (const auto& header : headers) {
    std::string_view rest = header;
    while (true) {
      const size_t comma = rest.find(',');
      entries.push_back(TrimOws(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return entries;
}

}  // namespace

std::optional<std::string> CanonicalAddress(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string s(text);
  char out[INET6_ADDRSTRLEN] = {};
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    if (inet_ntop(AF_INET, &v4, out, sizeof out) == nullptr) return std::nullopt;
    return std::string(out);
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) != 1) return std::nullopt;
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    std::copy_n(v6.s6_addr + 12, 4, reinterpret_cast<unsigned char*>(&v4.s_addr));
    if (inet_ntop(AF_INET, &v4, out, sizeof out) == nullptr) return std::nullopt;
    return std::string(out);
  }
  if (inet_ntop(AF_INET6, &v6, out, sizeof out) == nullptr) return std::nullopt;
  return std::string(out);
}

std::string NetworkOf(std::string_view address) {
  auto canonical = CanonicalAddress(address);
  if (!canonical) return std::string(address);
  char out[INET6_ADDRSTRLEN] = {};
  in_addr v4{};
  if (inet_pton(AF_INET, canonical->c_str(), &v4) == 1) {
    v4.s_addr &= htonl(0xFFFFFF00u);
    if (inet_ntop(AF_INET, &v4, out, sizeof out) == nullptr) return *canonical;
    return std::string(out) + "/24";
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, canonical->c_str(), &v6) != 1) return *canonical;
  std::fill(v6.s6_addr + 7, v6.s6_addr + 16, 0);  // a /56: the first 7 bytes
  if (inet_ntop(AF_INET6, &v6, out, sizeof out) == nullptr) return *canonical;
  return std::string(out) + "/56";
}

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& addresses) {
  TrustedProxies proxies;
  for (const auto& a : addresses) {
    auto canonical = CanonicalAddress(a);
    if (!canonical) return Error::Invalid("trusted-proxy", "'" + a + "' is not an IPv4 or IPv6 address");
    proxies.trusted_.push_back(std::move(*canonical));
  }
  return proxies;
}

bool TrustedProxies::Trusts(const std::string& canonical) const {
  return std::find(trusted_.begin(), trusted_.end(), canonical) != trusted_.end();
}

std::string TrustedProxies::ClientOf(const std::string& peer, const std::vector<std::string>& forwarded) const {
  if (trusted_.empty() || forwarded.empty()) return peer;
  auto peer_canonical = CanonicalAddress(peer);
  if (!peer_canonical || !Trusts(*peer_canonical)) return peer;
  const auto entries = ForwardedEntries(forwarded);
  // Walk from the nearest hop outwards: each trusted hop vouches for the one
  // before it; the first hop it does not trust is the client.
  std::string client = *peer_canonical;
  size_t hops = 0;
  for (auto it = entries.rbegin(); it != entries.rend() && hops < kMaxForwardedHops; ++it, ++hops) {
    auto entry = CanonicalAddress(*it);
    if (!entry) return client;  // garbage from beyond our proxies: the last vouched-for hop
    client = std::move(*entry);
    if (!Trusts(client)) return client;
  }
  return client;
}

}  // namespace mark::http
