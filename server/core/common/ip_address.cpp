#include "common/ip_address.h"

#include <arpa/inet.h>

#include <cstdint>
#include <cstring>

namespace mark {

namespace {

AddressScope ScopeOfV4(uint32_t a) {  // host byte order
  auto in = [a](uint32_t net, int bits) { return bits == 0 || (a >> (32 - bits)) == (net >> (32 - bits)); };
  if (in(0x7F000000, 8)) return AddressScope::kLoopback;
  if (in(0x00000000, 8)) return AddressScope::kUnspecified;
  if (in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16) || in(0x64400000, 10))
    return AddressScope::kPrivate;
  if (in(0xA9FE0000, 16)) return AddressScope::kLinkLocal;
  if (in(0xC0000000, 24) || in(0xC0000200, 24) || in(0xC6336400, 24) || in(0xCB007100, 24) || in(0xC6120000, 15) ||
      in(0xE0000000, 4) || in(0xF0000000, 4))
    return AddressScope::kReserved;  // IETF, TEST-NETs, benchmarking, multicast, 240/4 and broadcast
  return AddressScope::kPublic;
}

AddressScope ScopeOfV6(const unsigned char* b) {
  static const unsigned char kZero[16] = {};
  if (std::memcmp(b, kZero, 15) == 0 && b[15] == 1) return AddressScope::kLoopback;
  if (std::memcmp(b, kZero, 16) == 0) return AddressScope::kUnspecified;
  const bool mapped = std::memcmp(b, kZero, 10) == 0 && b[10] == 0xFF && b[11] == 0xFF;
  if (mapped) return ScopeOfV4(uint32_t(b[12]) << 24 | uint32_t(b[13]) << 16 | uint32_t(b[14]) << 8 | b[15]);
  if ((b[0] & 0xFE) == 0xFC) return AddressScope::kPrivate;
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return AddressScope::kLinkLocal;
  // Only 2000::/3 is global unicast; of it, documentation (2001:db8::/32)
  // and the NAT64/Teredo/6to4 prefixes that embed another address are not
  // taken on trust.
  if ((b[0] & 0xE0) != 0x20) return AddressScope::kReserved;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) return AddressScope::kReserved;
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) return AddressScope::kReserved;
  if (b[0] == 0x20 && b[1] == 0x02) return AddressScope::kReserved;
  return AddressScope::kPublic;
}

}  // namespace

std::string_view ToString(AddressScope s) {
  switch (s) {
    case AddressScope::kPublic: return "public";
    case AddressScope::kLoopback: return "loopback";
    case AddressScope::kPrivate: return "private";
    case AddressScope::kLinkLocal: return "link-local";
    case AddressScope::kUnspecified: return "unspecified";
    case AddressScope::kReserved: return "reserved";
  }
  return "reserved";
}

std::optional<AddressScope> ScopeOf(const sockaddr* addr) {
  if (addr == nullptr) return std::nullopt;
  if (addr->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(addr);
    return ScopeOfV4(ntohl(v4->sin_addr.s_addr));
  }
  if (addr->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(addr);
    return ScopeOfV6(v6->sin6_addr.s6_addr);
  }
  return std::nullopt;
}

std::optional<AddressScope> ScopeOfLiteral(std::string_view text) {
  const std::string s(text);
  in_addr v4{};
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) return ScopeOfV4(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) return ScopeOfV6(v6.s6_addr);
  return std::nullopt;
}

std::string AddressText(const sockaddr* addr) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (addr->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, buf, sizeof buf);
  else if (addr->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, buf, sizeof buf);
  return buf;
}

}  // namespace mark
