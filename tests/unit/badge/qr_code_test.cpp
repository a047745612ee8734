#include "badge/qr_code.h"

#include <catch2/catch.hpp>

#include "badge/svg_to_png.h"
#include "badge_test_util.h"

using namespace mark;
using namespace mark::badge;
using mark::testing::DecodeQrPng;

namespace {
const std::string kUrl = "https://registry.example.jp/v/J0072";
}

TEST_CASE("QR matrix has a version-sized grid at level M") {
  auto m = EncodeQr(kUrl);
  REQUIRE(m);
  CHECK((m->size - 21) % 4 == 0);
  CHECK(m->dark.size() == static_cast<size_t>(m->size * m->size));
  // Finder pattern corners are dark.
  CHECK(m->At(0, 0));
  CHECK(m->At(m->size - 1, 0));
  CHECK(m->At(0, m->size - 1));
}

TEST_CASE("QR rejects empty, NUL and oversize input") {
  CHECK(EncodeQr("").error().code == ErrorCode::kInvalid);
  CHECK(EncodeQr(std::string("a\0b", 3)).error().code == ErrorCode::kInvalid);
  auto big = EncodeQr(std::string(5000, 'x'));
  REQUIRE_FALSE(big);
  CHECK(big.error().code == ErrorCode::kInvalid);
  CHECK(big.error().fields.at(0).field == "text");
}

TEST_CASE("QR PNG decodes with zbarimg to exactly the URL") {
  for (int size : {64, 128, 300, 512, 1024}) {
    auto png = QrPng(kUrl, size);
    REQUIRE(png);
    CHECK(mark::testing::HasPngSignature(*png));
    CHECK(mark::testing::PngWidth(*png) == static_cast<unsigned>(size));
    CHECK(mark::testing::PngHeight(*png) == static_cast<unsigned>(size));
    if (size >= 128) {  // 64 px is 1 px per module: valid, but too small for zbar to be fair
      auto r = DecodeQrPng(*png);
      INFO("size " << size);
      CHECK(r.exit_code == 0);
      CHECK(r.text == kUrl);
    }
  }
  mark::testing::MaybeDump("qr-300.png", *QrPng(kUrl, 300));
}

TEST_CASE("QR PNG keeps integer modules, quiet zone and centring") {
  auto m = EncodeQr(kUrl);
  REQUIRE(m);
  const int total = m->size + 2 * kQrQuietZone;
  // Exactly fitting size: quiet zone of 4 modules on each side.
  auto png = QrPng(kUrl, total * 4);
  REQUIRE(png);
  CHECK(mark::testing::PngWidth(*png) == static_cast<unsigned>(total * 4));
  CHECK(DecodeQrPng(*png).text == kUrl);
}

TEST_CASE("QR PNG size is bounded") {
  for (int bad : {0, -5, 63, 1025, 100000}) {
    auto png = QrPng(kUrl, bad);
    REQUIRE_FALSE(png);
    CHECK(png.error().code == ErrorCode::kInvalid);
    CHECK(png.error().fields.at(0).field == "size");
  }
}

TEST_CASE("QR SVG is well formed and decodes after rendering with librsvg") {
  auto svg = QrSvg(kUrl);
  REQUIRE(svg);
  CHECK(svg->find("<svg") != std::string::npos);
  CHECK(svg->find("crispEdges") != std::string::npos);
  for (int width : {200, 400}) {
    auto png = SvgToPng(*svg, width);
    REQUIRE(png);
    CHECK(mark::testing::PngWidth(*png) == static_cast<unsigned>(width));
    CHECK(mark::testing::PngHeight(*png) == static_cast<unsigned>(width));
    auto r = DecodeQrPng(*png);
    CHECK(r.exit_code == 0);
    CHECK(r.text == kUrl);
  }
}

TEST_CASE("QR keeps URL case and odd characters exactly") {
  const std::string url = "http://127.0.0.1:8080/v/T12345?lang=en&x=%E3%81%82";
  auto png = QrPng(url, 400);
  REQUIRE(png);
  CHECK(DecodeQrPng(*png).text == url);
}
