#include "badge/foreign_site.h"

#include <catch2/catch.hpp>

using namespace mark::badge;

TEST_CASE("HostOf takes the host of http(s) URLs and origins only") {
  CHECK(HostOf("https://www.Example.JP/path?q=1") == "www.example.jp");
  CHECK(HostOf("http://example.jp:8080") == "example.jp");
  CHECK(HostOf("https://user:pw@example.jp./x") == "example.jp");
  CHECK(HostOf("https://[::1]:8080/") == "[::1]");
  CHECK_FALSE(HostOf(""));
  CHECK_FALSE(HostOf("null"));  // Origin of a sandboxed or file: page
  CHECK_FALSE(HostOf("javascript:alert(1)"));
  CHECK_FALSE(HostOf("https://"));
  CHECK_FALSE(HostOf("https://exa mple.jp/"));
  CHECK_FALSE(HostOf("https://<script>/"));
}

TEST_CASE("ForeignHost warns only about sites not registered for the mark") {
  const std::vector<std::string> domains = {"sakura-net.example.jp"};
  const std::string pub = "https://registry.example.jp";
  CHECK_FALSE(ForeignHost("", domains, pub));                                        // no Referer: no evidence
  CHECK_FALSE(ForeignHost("https://sakura-net.example.jp/about", domains, pub));    // registered
  CHECK_FALSE(ForeignHost("https://www.sakura-net.example.jp/", domains, pub));     // its subdomain
  CHECK_FALSE(ForeignHost("https://registry.example.jp/embed/J0072", domains, pub));  // our own preview
  CHECK(ForeignHost("https://evil.example/", domains, pub) == "evil.example");
  CHECK(ForeignHost("https://evilsakura-net.example.jp/", domains, pub) == "evilsakura-net.example.jp");
  CHECK(ForeignHost("https://sakura-net.example.jp.evil.example/", domains, pub) ==
        "sakura-net.example.jp.evil.example");
  CHECK(ForeignHost("https://x.example/", {}, pub) == "x.example");
}
