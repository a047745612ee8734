#include "http/client_address.h"

#include <catch2/catch.hpp>

using mark::http::CanonicalAddress;
using mark::http::NetworkOf;
using mark::http::TrustedProxies;

namespace {

TrustedProxies Trusting(std::vector<std::string> addresses) {
  auto proxies = TrustedProxies::Parse(addresses);
  REQUIRE(proxies);
  return *proxies;
}

}  // namespace

TEST_CASE("addresses are compared in one canonical form", "[client_address]") {
  CHECK(CanonicalAddress("127.0.0.1") == "127.0.0.1");
  CHECK(CanonicalAddress("::ffff:127.0.0.1") == "127.0.0.1");
  CHECK(CanonicalAddress("2001:DB8:0:0::1") == "2001:db8::1");
  CHECK(CanonicalAddress("::1") == "::1");
  for (const char* bad : {"", " ", "localhost", "127.0.0.1:8080", "[::1]", "1.2.3", "1.2.3.4.5", "256.1.1.1", "unknown",
                          "127.0.0.1\r\nX: y", "::1%lo"})
    CHECK_FALSE(CanonicalAddress(bad));
}

TEST_CASE("a bad --trusted-proxy is named", "[client_address]") {
  auto bad = TrustedProxies::Parse({"127.0.0.1", "nginx.local"});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().fields.at(0).field == "trusted-proxy");
  CHECK(bad.error().message.find("nginx.local") != std::string::npos);
  CHECK(TrustedProxies::Parse({}).value().Empty());
}

TEST_CASE("X-Forwarded-For counts only from a trusted proxy", "[client_address]") {
  const TrustedProxies nobody;
  CHECK(nobody.ClientOf("203.0.113.7", {"198.51.100.1"}) == "203.0.113.7");

  const TrustedProxies local = Trusting({"127.0.0.1"});
  // A visitor talking to markd directly cannot choose their address.
  CHECK(local.ClientOf("203.0.113.7", {"198.51.100.1"}) == "203.0.113.7");
  // nginx on the same machine: the client is what it forwarded.
  CHECK(local.ClientOf("127.0.0.1", {"198.51.100.1"}) == "198.51.100.1");
  CHECK(local.ClientOf("::ffff:127.0.0.1", {" 198.51.100.1 "}) == "198.51.100.1");
  CHECK(local.ClientOf("127.0.0.1", {"2001:DB8::5"}) == "2001:db8::5");
  // No header: the proxy itself asked (a health check).
  CHECK(local.ClientOf("127.0.0.1", {}) == "127.0.0.1");
}

TEST_CASE("the client is the nearest hop not trusted, whatever it claimed before", "[client_address]") {
  const TrustedProxies chain = Trusting({"127.0.0.1", "10.0.0.2"});
  // A visitor's own X-Forwarded-For is kept to the left of the real one.
  CHECK(chain.ClientOf("127.0.0.1", {"192.0.2.66, 198.51.100.1"}) == "198.51.100.1");
  CHECK(chain.ClientOf("127.0.0.1", {"192.0.2.66", "198.51.100.1, 10.0.0.2"}) == "198.51.100.1");
  // Every hop trusted: the farthest one.
  CHECK(chain.ClientOf("127.0.0.1", {"10.0.0.2"}) == "10.0.0.2");
  // Garbage beyond the trusted hops: the last hop that was vouched for.
  CHECK(chain.ClientOf("127.0.0.1", {"unknown, 10.0.0.2"}) == "10.0.0.2");
  CHECK(chain.ClientOf("127.0.0.1", {""}) == "127.0.0.1");
  CHECK(chain.ClientOf("127.0.0.1", {"198.51.100.1,,"}) == "127.0.0.1");
}

TEST_CASE("a long forged chain cannot make the walk unbounded", "[client_address]") {
  const TrustedProxies local = Trusting({"127.0.0.1"});
  std::string many;
  for (int i = 0; i < 10000; ++i) many += "127.0.0.1,";
  many += "127.0.0.1";
  // Sixteen hops of our own proxy and no client: the walk stops there.
  CHECK(local.ClientOf("127.0.0.1", {many}) == "127.0.0.1");
  CHECK(local.ClientOf("127.0.0.1", {"198.51.100.9, " + many}) == "127.0.0.1");
}

TEST_CASE("neighbours share a network: /24 for IPv4, /56 for IPv6", "[client_address]") {
  CHECK(NetworkOf("198.51.100.7") == "198.51.100.0/24");
  CHECK(NetworkOf("198.51.100.255") == "198.51.100.0/24");
  CHECK(NetworkOf("198.51.101.7") == "198.51.101.0/24");
  CHECK(NetworkOf("::ffff:198.51.100.7") == "198.51.100.0/24");
  CHECK(NetworkOf("2001:db8:1:2ff:aaaa:bbbb:cccc:dddd") == "2001:db8:1:200::/56");
  CHECK(NetworkOf("2001:db8:1:200::1") == "2001:db8:1:200::/56");
  CHECK(NetworkOf("2001:db8:1:300::1") == "2001:db8:1:300::/56");
  CHECK(NetworkOf("2001:DB8:0:0::1") == "2001:db8::/56");
  CHECK(NetworkOf("not an address") == "not an address");
}
