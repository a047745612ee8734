#include "registry/validation.h"

#include <catch2/catch.hpp>

#include "registry/mark_number.h"

using namespace mark;
using namespace mark::registry;

TEST_CASE("corporate numbers carry their check digit", "[validation]") {
  CHECK(ValidateCorporateNumber("corporate_number", "4010001234567"));
  CHECK(ValidateCorporateNumber("corporate_number", "7011001112223"));
  auto wrong = ValidateCorporateNumber("corporate_number", "5010001234567");
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().fields.at(0).field == "corporate_number");
  CHECK(wrong.error().fields.at(0).message.find("check digit") != std::string::npos);
  CHECK_FALSE(ValidateCorporateNumber("c", "401000123456"));
  CHECK_FALSE(ValidateCorporateNumber("c", "40100012345678"));
  CHECK_FALSE(ValidateCorporateNumber("c", "401000123456a"));
}

TEST_CASE("domains are normalised to lower-case punycode", "[validation]") {
  CHECK(*NormalizeDomain("d", "Example.NE.JP") == "example.ne.jp");
  CHECK(*NormalizeDomain("d", "例え.jp") == "xn--r8jz45g.jp");
  CHECK(*NormalizeDomain("d", "example.jp.") == "example.jp");
  for (const char* bad : {"http://example.jp", "example.jp/path", "example.jp:8080", "localhost", "", "exa mple.jp",
                          "-bad.jp", "a..jp", "user@example.jp", "ex_ample.jp"}) {
    INFO(bad);
    auto r = NormalizeDomain("domains[0]", bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().fields.at(0).field == "domains[0]");
  }
}

TEST_CASE("names are checked as text: NFC, no controls, bidi controls, invisibles or mixed-script words",
          "[validation]") {
  // A decomposed が (か + U+3099) is stored as the one code point.
  CHECK(*NormalizeName("name", "\xE3\x81\x8B\xE3\x82\x99光") == "\xE3\x81\x8C光");
  CHECK(*NormalizeName("name", "\xE3\x80\x80さくら光\xE3\x80\x80") == "さくら光");  // U+3000 trimmed
  struct Case {
    std::string name;
    const char* why;
  };
  for (const Case& c :
       {Case{"Evil \xE2\x80\xAE"
             "bank-online.jp",
             "bidirectional"},
        Case{"\xE2\x80\x8B", "no visible characters"},
        Case{"a\xC2\x85"
             "b",
             "control character"},
        Case{"a\x01"
             "b",
             "control character"},
        Case{"a\xCD\xB8", "not assigned"}, Case{"\xD0\xA0\xD0\xB0\xD1\x83\xD1\x80\xD0\xB0l", "Cyrillic and Latin"},
        Case{"G\xCE\xBFogle Wi-Fi", "Latin and Greek"}}) {
    INFO(c.name);
    auto r = NormalizeName("name_en", c.name);
    REQUIRE_FALSE(r);
    CHECK(r.error().fields.at(0).field == "name_en");
    CHECK(r.error().fields.at(0).message.find(c.why) != std::string::npos);
  }
  // Reasons follow the character rules, not the script rules, and may be longer than a name.
  CHECK(NormalizeProse("reason", "\xD0\xA0\xD0\xB0\xD1\x83\xD1\x80\xD0\xB0l から改称", true, 1000));
  CHECK(NormalizeProse("reason", std::string(600, 'a'), true, 1000));
  CHECK_FALSE(NormalizeProse("reason", std::string(1001, 'a'), true, 1000));
  CHECK_FALSE(NormalizeProse("reason",
                             "a\xE2\x80\xAE"
                             "b",
                             true, 1000));
  CHECK(NormalizeProse("note", "   ", false, 1000)->empty());
}

TEST_CASE("SSIDs are 1 to 32 bytes", "[validation]") {
  CHECK(ValidateSsid("s", "Free_Wi-Fi"));
  CHECK(ValidateSsid("s", std::string(32, 'a')));
  CHECK_FALSE(ValidateSsid("s", std::string(33, 'a')));
  CHECK_FALSE(ValidateSsid("s", ""));
  CHECK(ValidateSsid("s", "東京フリーWiFi"));                  // 21 bytes
  CHECK_FALSE(ValidateSsid("s", "東京フリーWiFi東京フリー"));  // 36 bytes
  CHECK_FALSE(ValidateSsid("s", std::string("a\0b", 3)));
}

TEST_CASE("names are trimmed, bounded and clean", "[validation]") {
  CHECK(*NormalizeName("name", "  さくら光  ") == "さくら光");
  CHECK_FALSE(NormalizeName("name", "   "));
  CHECK_FALSE(NormalizeName("name", std::string(201, 'a')));
  CHECK_FALSE(NormalizeName("name", "a\nb"));
  CHECK_FALSE(NormalizeName("name", "\xc3\x28"));
  CHECK_FALSE(IsValidUtf8("\xed\xa0\x80"));  // a surrogate
  CHECK_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong '/'
  CHECK(IsValidUtf8("日本語 ok"));
}

TEST_CASE("websites are http(s) URLs", "[validation]") {
  CHECK(ValidateWebsite("website", "https://www.example.jp/"));
  CHECK(ValidateWebsite("website", "http://example.jp"));
  CHECK_FALSE(ValidateWebsite("website", "javascript:alert(1)"));
  CHECK_FALSE(ValidateWebsite("website", "ftp://example.jp"));
  CHECK_FALSE(ValidateWebsite("website", "https://"));
  CHECK_FALSE(ValidateWebsite("website", "https://a b.jp"));
  // An operator's website names a host, as its domains do; the registry's own URL may be any host.
  for (const char* ip : {"https://192.168.1.1/", "http://10.0.0.1:8080/x", "https://[::1]/", "https://localhost/",
                         "https://example.123/", "https://１９２.１６８.１.１/"}) {
    INFO(ip);
    auto r = ValidateWebsite("website", ip);
    REQUIRE_FALSE(r);
    CHECK(r.error().fields.at(0).field == "website");
  }
  CHECK(ValidateWebsite("website", "https://例え.jp:8443/a"));
  CHECK(ValidateWebsite("issuer", "http://127.0.0.1:8080", UrlHost::kAny));
}

TEST_CASE("mark numbers as the council prints them", "[mark_number]") {
  auto n = ParseMarkNumber("J0072");
  REQUIRE(n);
  CHECK(n->body == 'J');
  CHECK(n->serial == 72);
  CHECK(FormatMarkNumber({'T', 5}) == "T0005");
  CHECK(FormatMarkNumber({'D', 12345}) == "D12345");
  CHECK(ParseMarkNumber("D12345"));
  CHECK_FALSE(ParseMarkNumber("J072"));
  CHECK_FALSE(ParseMarkNumber("J00072"));  // would alias J0072
  CHECK_FALSE(ParseMarkNumber("X0072"));
  CHECK_FALSE(ParseMarkNumber("J0000"));
  CHECK_FALSE(ParseMarkNumber("j0072"));
  CHECK(ParseFirstReviewBody("TELESA") == 'T');
  CHECK(ParseFirstReviewBody("TCA") == 'D');
  CHECK_FALSE(ParseFirstReviewBody("JCTA"));
}

TEST_CASE("domains are registrable names or below one, never IP addresses", "[validation]") {
  CHECK(*NormalizeDomain("d", "example.co.jp") == "example.co.jp");
  CHECK(*NormalizeDomain("d", "www.example.co.jp") == "www.example.co.jp");
  CHECK(*NormalizeDomain("d", "example.jp") == "example.jp");
  struct Case {
    const char* domain;
    const char* why;
  };
  for (const Case& c : {Case{"co.jp", "public suffix"}, Case{"ne.jp", "public suffix"}, Case{"com", "two labels"},
                        Case{"blogspot.com", "public suffix"},  // the list's private section counts too
                        Case{"192.168.1.1", "IP address"}, Case{"1.2", "IP address"}, Case{"0x7f.1", "IP address"},
                        Case{"example.123", "numeric"}, Case{"example.0x1f", "numeric"},
                        Case{"localhost", "two labels"}, Case{"192.168.1.1.", "IP address"},
                        Case{"１９２.１６８.１.１", "IP address"},  // full-width digits fold to an address
                        Case{"[::1]", "port"}, Case{"2001:db8::1", "port"}, Case{"1.2.3", "IP address"}}) {
    INFO(c.domain);
    auto r = NormalizeDomain("domains[2]", c.domain);
    REQUIRE_FALSE(r);
    CHECK(r.error().fields.at(0).field == "domains[2]");
    CHECK(r.error().fields.at(0).message.find(c.why) != std::string::npos);
  }
  // A host name alone (e-mail hosts) needs no registrable domain, but is no IP address either.
  CHECK(NormalizeHostName("h", "mail.co.jp"));
  CHECK_FALSE(NormalizeHostName("h", "10.0.0.1"));
}

TEST_CASE("e-mail addresses have a dot-atom local part and a host name", "[validation]") {
  CHECK(*NormalizeEmail("contacts[0].email", "renewal@Example.JP") == "renewal@example.jp");
  CHECK(*NormalizeEmail("e", "first.last+mark@mail.example.co.jp") == "first.last+mark@mail.example.co.jp");
  for (const char* bad : {"", "no-at.example.jp", "@example.jp", "user@", "a..b@example.jp", ".a@example.jp",
                          "a.@example.jp", "a b@example.jp", "a@b@example.jp", "\"quoted\"@example.jp",
                          "user@[192.168.1.1]", "user@192.168.1.1", "user@localhost", "user@exa mple.jp"}) {
    INFO(bad);
    auto r = NormalizeEmail("contacts[0].email", bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().fields.at(0).field == "contacts[0].email");
  }
  CHECK_FALSE(NormalizeEmail("e", std::string(65, 'a') + "@example.jp"));
}
