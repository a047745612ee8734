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
  CHECK_FALSE(ForeignHost("", domains, pub));                                         // a QR scan sends none
  CHECK_FALSE(ForeignHost("https://sakura-net.example.jp/about", domains, pub));      // registered
  CHECK_FALSE(ForeignHost("https://www.sakura-net.example.jp/", domains, pub));       // its subdomain
  CHECK_FALSE(ForeignHost("https://registry.example.jp/embed/J0072", domains, pub));  // our own preview
  CHECK(ForeignHost("https://evil.example/", domains, pub) == "evil.example");
  CHECK(ForeignHost("https://evilsakura-net.example.jp/", domains, pub) == "evilsakura-net.example.jp");
  CHECK(ForeignHost("https://sakura-net.example.jp.evil.example/", domains, pub) ==
        "sakura-net.example.jp.evil.example");
  CHECK(ForeignHost("https://x.example/", {}, pub) == "x.example");
}

TEST_CASE("JudgeBadgeSite: registered, foreign, or site not confirmed") {
  const std::vector<std::string> domains = {"sakura-net.example.jp", "Hikari.Example.JP"};
  const std::string pub = "https://registry.example.jp";
  using Kind = BadgeSite::Kind;
  auto kind = [&](std::string_view claimed) { return JudgeBadgeSite(claimed, domains, pub).kind; };
  // What the request names: a registered domain, its subdomain, the registry.
  CHECK(kind("https://sakura-net.example.jp/") == Kind::kRegistered);
  CHECK(kind("https://www.sakura-net.example.jp/plans?x=1") == Kind::kRegistered);
  CHECK(kind("http://sakura-net.example.jp:8080") == Kind::kRegistered);  // an Origin with a port
  CHECK(kind("https://hikari.example.jp/") == Kind::kRegistered);         // stored in capitals
  CHECK(kind("https://registry.example.jp/embed/J0072") == Kind::kRegistered);
  // Any other host is foreign, and says which.
  CHECK(JudgeBadgeSite("https://copycat.example/shop", domains, pub) == BadgeSite::Foreign("copycat.example"));
  CHECK(kind("https://xsakura-net.example.jp/") == Kind::kForeign);
  CHECK(kind("https://sakura-net.example.jp.copycat.example/") == Kind::kForeign);
  CHECK(JudgeBadgeSite("https://x.example/", {}, pub) == BadgeSite::Foreign("x.example"));
  // Nothing usable: absent (no-referrer) or unparsable is never registered.
  for (const char* claimed : {"", "null", "about:blank", "android-app://com.example/", "file:///tmp/a.html", "https://",
                              "https://exa mple.jp/", "sakura-net.example.jp", "//sakura-net.example.jp/"}) {
    INFO(claimed);
    CHECK(kind(claimed) == Kind::kNotConfirmed);
  }
  // The cautious default.
  CHECK(BadgeSite{}.kind == Kind::kNotConfirmed);
}

TEST_CASE("SiteKey names each judgement apart") {
  CHECK(SiteKey(BadgeSite::Registered()) == "registered");
  CHECK(SiteKey(BadgeSite::NotConfirmed()) == "not-confirmed");
  CHECK(SiteKey(BadgeSite::Foreign("copycat.example")) == "foreign:copycat.example");
  CHECK(SiteKey(BadgeSite::Foreign("registered")) != SiteKey(BadgeSite::Registered()));
}

TEST_CASE("ForeignHost (verify pages) warns only about a foreign site, not a missing one") {
  const std::vector<std::string> domains = {"sakura-net.example.jp"};
  const std::string pub = "https://registry.example.jp";
  CHECK_FALSE(ForeignHost("garbage", domains, pub));
  CHECK(ForeignHost("https://copycat.example/", domains, pub) == "copycat.example");
}
