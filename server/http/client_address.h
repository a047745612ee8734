// Who sent a request, for per-address decisions (failed-token lockout,
// report and render limits, the audit trail's address). Behind the
// production nginx every connection comes from 127.0.0.1, so counting by the
// socket's address pools all visitors: one token guesser would lock every
// officer out, and five reports would silence the whole country. When the
// socket's peer is a proxy markd was told to trust (--trusted-proxy), the
// client is the rightmost X-Forwarded-For entry that is not itself a
// trusted proxy; from any other peer the header is ignored, so a visitor
// cannot pick their own address. Immutable after Parse; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace mark::http {

// The canonical text of an IPv4 or IPv6 address (an IPv4-mapped IPv6
// address as plain IPv4, so "::ffff:127.0.0.1" and "127.0.0.1" are one
// key); nullopt for anything else (host names, ports, brackets, blanks).
std::optional<std::string> CanonicalAddress(std::string_view text);

// The network an address shares limits with its neighbours in: its /24 for
// IPv4, its /56 for IPv6 (what Japanese ISPs give one customer: a /64 is a
// single LAN, and a /48 or /56 holds 256 or one of them), as text:
// "198.51.100.0/24", "2001:db8:0:100::/56". Anything that is not an address
// comes back as it is.
std::string NetworkOf(std::string_view address);

class TrustedProxies {
 public:
  // Each entry one IPv4 or IPv6 address; an error names the first that is not.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& addresses);
  TrustedProxies() = default;  // trusts nobody

  bool Empty() const { return trusted_.empty(); }
  // `peer`: the socket's address. `forwarded`: every X-Forwarded-For header
  // value in the order received. Returns the peer itself unless it is
  // trusted and the header names a valid client address.
  std::string ClientOf(const std::string& peer, const std::vector<std::string>& forwarded) const;

 private:
  bool Trusts(const std::string& canonical) const;
  std::vector<std::string> trusted_;  // canonical
};

}  // namespace mark::http
