#include "badge/png_writer.h"

#include <png.h>

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#include "badge/badge_svg.h"
#include "badge/svg_to_png.h"

using namespace mark::badge;

namespace {

// The PNG decoded back to straight RGBA bytes (libpng's simplified reader).
std::vector<unsigned char> DecodeRgba(const std::string& png, int& width, int& height) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  REQUIRE(png_image_begin_read_from_memory(&image, png.data(), png.size()));
  image.format = PNG_FORMAT_RGBA;
  std::vector<unsigned char> out(PNG_IMAGE_SIZE(image));
  REQUIRE(png_image_finish_read(&image, nullptr, out.data(), 0, nullptr));
  width = static_cast<int>(image.width);
  height = static_cast<int>(image.height);
  return out;
}

uint32_t Argb(uint32_t a, uint32_t r, uint32_t g, uint32_t b) { return a << 24 | r << 16 | g << 8 | b; }

}  // namespace

TEST_CASE("cairo's premultiplied pixels come out of the PNG as straight RGBA", "[png]") {
  // 3x2 with a row stride wider than the row, as cairo pads rows.
  const int width = 3, height = 2, stride = 16;
  std::vector<unsigned char> argb(static_cast<size_t>(stride) * height, 0xEE);
  const uint32_t row0[3] = {Argb(255, 26, 127, 55), Argb(0, 0, 0, 0), Argb(128, 64, 0, 128)};
  const uint32_t row1[3] = {Argb(255, 255, 255, 255), Argb(51, 51, 0, 0), Argb(255, 0, 0, 0)};
  std::memcpy(argb.data(), row0, sizeof row0);
  std::memcpy(argb.data() + stride, row1, sizeof row1);
  auto png = EncodeArgbPng(width, height, stride, argb.data());
  REQUIRE(png);
  REQUIRE(png->substr(1, 3) == "PNG");
  int w = 0, h = 0;
  auto rgba = DecodeRgba(*png, w, h);
  CHECK(w == 3);
  CHECK(h == 2);
  const std::vector<unsigned char> expected = {
      26,  127, 55,  255, 0,   0, 0, 0,  128, 0, 255, 128,  // 64/128 -> 128, 128/128 -> 255
      255, 255, 255, 255, 255, 0, 0, 51, 0,   0, 0,   255};
  CHECK(rgba == expected);
}

TEST_CASE("a bad image geometry is an error, not a crash", "[png]") {
  unsigned char px[4] = {};
  CHECK_FALSE(EncodeArgbPng(0, 1, 4, px));
  CHECK_FALSE(EncodeArgbPng(2, 1, 4, px));  // stride shorter than a row
  CHECK_FALSE(EncodeArgbPng(1, 1, 4, nullptr));
}

TEST_CASE("renders asked from many threads at once come out as from one", "[png]") {
  BadgeInput in;
  in.service_name = "さくらネット光";
  in.service_name_en = "Sakura Net Hikari";
  in.number = "J0072";
  in.valid_until = "2027-03-31";
  in.verify_url = "https://registry.example.jp/v/J0072";
  const std::string svg = RenderBadgeSvg(in);
  auto alone = SvgToPng(svg, 360);
  REQUIRE(alone);
  std::vector<std::string> results(6);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i)
    threads.emplace_back([&, i] {
      auto png = SvgToPng(svg, 360);
      if (png) results[i] = *png;
    });
  for (auto& t : threads) t.join();
  for (const auto& r : results) CHECK(r == *alone);
  // The warm-up is fire-and-forget and leaves later renders unchanged.
  WarmUpRenderer(svg, 720);
  auto after = SvgToPng(svg, 360);
  REQUIRE(after);
  CHECK(*after == *alone);
}
