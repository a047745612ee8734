#include "common/ip_address.h"

#include <catch2/catch.hpp>

using mark::AddressScope;
using mark::ScopeOfLiteral;

TEST_CASE("address scope: only public addresses are public", "[common]") {
  CHECK(ScopeOfLiteral("203.0.114.5") == AddressScope::kPublic);
  CHECK(ScopeOfLiteral("8.8.8.8") == AddressScope::kPublic);
  CHECK(ScopeOfLiteral("2606:4700::1111") == AddressScope::kPublic);
  CHECK(ScopeOfLiteral("127.0.0.1") == AddressScope::kLoopback);
  CHECK(ScopeOfLiteral("127.255.0.9") == AddressScope::kLoopback);
  CHECK(ScopeOfLiteral("::1") == AddressScope::kLoopback);
  CHECK(ScopeOfLiteral("::ffff:127.0.0.1") == AddressScope::kLoopback);
  CHECK(ScopeOfLiteral("10.1.2.3") == AddressScope::kPrivate);
  CHECK(ScopeOfLiteral("172.16.0.1") == AddressScope::kPrivate);
  CHECK(ScopeOfLiteral("172.31.255.255") == AddressScope::kPrivate);
  CHECK(ScopeOfLiteral("172.32.0.1") == AddressScope::kPublic);
  CHECK(ScopeOfLiteral("192.168.1.1") == AddressScope::kPrivate);
  CHECK(ScopeOfLiteral("100.64.0.1") == AddressScope::kPrivate);
  CHECK(ScopeOfLiteral("fd00::1") == AddressScope::kPrivate);
  CHECK(ScopeOfLiteral("169.254.169.254") == AddressScope::kLinkLocal);
  CHECK(ScopeOfLiteral("fe80::1") == AddressScope::kLinkLocal);
  CHECK(ScopeOfLiteral("0.0.0.0") == AddressScope::kUnspecified);
  CHECK(ScopeOfLiteral("::") == AddressScope::kUnspecified);
  CHECK(ScopeOfLiteral("224.0.0.1") == AddressScope::kReserved);
  CHECK(ScopeOfLiteral("255.255.255.255") == AddressScope::kReserved);
  CHECK(ScopeOfLiteral("192.0.2.1") == AddressScope::kReserved);
  CHECK(ScopeOfLiteral("2001:db8::1") == AddressScope::kReserved);
  CHECK(!ScopeOfLiteral("example.jp"));
  CHECK(!ScopeOfLiteral("127.0.0.1:80"));
}
