// A mark's addresses: absolute under the public URL, relative for the
// registry's own pages, the number percent-encoded.
#include "common/mark_links.h"

#include <catch2/catch.hpp>

using namespace mark;

TEST_CASE("A mark's links are built under the public URL", "[mark_links]") {
  const MarkLinks l = LinksFor("https://mark.example.jp/", "J0072");
  CHECK(l.self == "https://mark.example.jp/api/v1/marks/J0072");
  CHECK(l.verify == "https://mark.example.jp/v/J0072");
  CHECK(l.feed == "https://mark.example.jp/v/J0072/feed.atom");
  CHECK(l.badge_svg == "https://mark.example.jp/badge/J0072.svg");
  CHECK(l.badge_png == "https://mark.example.jp/badge/J0072.png");
  CHECK(l.badge_compact_svg == "https://mark.example.jp/badge/J0072-compact.svg");
  CHECK(l.badge_compact_png == "https://mark.example.jp/badge/J0072-compact.png");
  CHECK(l.qr_svg == "https://mark.example.jp/qr/J0072.svg");
  CHECK(l.qr_png == "https://mark.example.jp/qr/J0072.png");
  CHECK(l.certificate == "https://mark.example.jp/api/v1/marks/J0072/certificate");
  CHECK(l.status_jwt == "https://mark.example.jp/api/v1/marks/J0072/status.jwt");
  CHECK(l.history == "https://mark.example.jp/api/v1/marks/J0072/history");
  CHECK(l.embed == "https://mark.example.jp/embed/J0072");
  CHECK(VerifyUrl("https://mark.example.jp", "J0072") == l.verify);
}

TEST_CASE("A mark's paths are its links relative to the registry's origin", "[mark_links]") {
  const MarkLinks p = PathsFor("T0123");
  CHECK(p.verify == "/v/T0123");
  CHECK(p.embed == "/embed/T0123");
  CHECK(p.badge_compact_svg == "/badge/T0123-compact.svg");
  CHECK(p.qr_png == "/qr/T0123.png");
  CHECK(p.certificate == "/api/v1/marks/T0123/certificate");
  // A number asked in any form is echoed safely.
  CHECK(PathsFor("J 0072/x").verify == "/v/J%200072%2Fx");
}
