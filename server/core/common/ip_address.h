// Where an IP address leads: the public Internet, or somewhere only this
// machine or its own network reaches (loopback, private ranges, link-local,
// and the other special-purpose blocks of RFC 6890 / the IANA registries).
// Webhook deliveries go only to public addresses unless markd is told
// otherwise (--webhook-allow-private), so a registered URL cannot make markd
// reach into its own network (SSRF).
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <optional>
#include <string>
#include <string_view>

namespace mark {

enum class AddressScope {
  kPublic,
  kLoopback,     // 127.0.0.0/8, ::1
  kPrivate,      // 10/8, 172.16/12, 192.168/16, 100.64/10 (CGN), fc00::/7
  kLinkLocal,    // 169.254/16 (cloud metadata lives here), fe80::/10
  kUnspecified,  // 0.0.0.0/8, ::
  kReserved,     // multicast, broadcast, documentation, benchmarking, 240/4, other non-global IPv6
};
std::string_view ToString(AddressScope s);  // "public" | "loopback" | ...

// The scope of an IPv4 or IPv6 socket address (IPv4-mapped IPv6 judged as
// IPv4); nullopt for other families.
std::optional<AddressScope> ScopeOf(const sockaddr* addr);
// The scope of an address literal ("192.0.2.1", "::1"); nullopt when `text`
// is not one.
std::optional<AddressScope> ScopeOfLiteral(std::string_view text);
// The numeric text of a socket address ("203.0.113.5", "2001:db8::1").
std::string AddressText(const sockaddr* addr);

}  // namespace mark
