#include "badge/png_writer.h"

#include <png.h>

#include <csetjmp>
#include <cstdint>
#include <cstring>

namespace mark::badge {

Result<std::string> EncodeGreyPng(int width, int height, const std::vector<unsigned char>& pixels) {
  if (width <= 0 || height <= 0 || pixels.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height))
    return Error::Make(ErrorCode::kInternal, "EncodeGreyPng: pixel buffer does not match size");
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = PNG_FORMAT_GRAY;
  // First pass asks for the size, second writes.
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr)) {
    std::string why = image.message;
    png_image_free(&image);
    return Error::Make(ErrorCode::kInternal, "libpng: " + why);
  }
  std::string out(size, '\0');
  if (!png_image_write_to_memory(&image, out.data(), &size, 0, pixels.data(), 0, nullptr)) {
    std::string why = image.message;
    png_image_free(&image);
    return Error::Make(ErrorCode::kInternal, "libpng: " + why);
  }
  out.resize(size);
  png_image_free(&image);
  return out;
}

namespace {

void AppendPngBytes(png_structp png, png_bytep data, png_size_t length) {
  bool failed = false;
  try {
    static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
  } catch (const std::exception&) {
    failed = true;
  }
  // Outside the handler: png_error longjmps to EncodeArgbPng.
  if (failed) png_error(png, "out of memory");
}

void FlushNothing(png_structp) {}

// One row of premultiplied native-endian ARGB as straight RGBA bytes.
void UnpremultiplyRow(const unsigned char* src, int width, unsigned char* out) {
  const auto* px = reinterpret_cast<const uint32_t*>(src);
  for (int x = 0; x < width; ++x) {
    const uint32_t v = px[x];
    uint32_t a = v >> 24, r = (v >> 16) & 0xFF, g = (v >> 8) & 0xFF, b = v & 0xFF;
    if (a != 0 && a != 0xFF) {
      r = (r * 0xFF + a / 2) / a;
      g = (g * 0xFF + a / 2) / a;
      b = (b * 0xFF + a / 2) / a;
    }
    out[4 * x] = static_cast<unsigned char>(r);
    out[4 * x + 1] = static_cast<unsigned char>(g);
    out[4 * x + 2] = static_cast<unsigned char>(b);
    out[4 * x + 3] = static_cast<unsigned char>(a);
  }
}

}  // namespace

Result<std::string> EncodeArgbPng(int width, int height, int stride, const unsigned char* argb) {
  if (width <= 0 || height <= 0 || stride < 4 * width || argb == nullptr)
    return Error::Make(ErrorCode::kInternal, "EncodeArgbPng: bad image geometry");
  // Everything with a destructor lives before setjmp, so a longjmp back
  // here (libpng's error path) skips no C++ destructor.
  std::string out;
  std::vector<unsigned char> row(static_cast<size_t>(width) * 4);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (!png) return Error::Make(ErrorCode::kInternal, "libpng: cannot create a writer");
  png_infop info = png_create_info_struct(png);
  if (!info || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return Error::Make(ErrorCode::kInternal, "libpng: cannot encode the image");
  }
  png_set_write_fn(png, &out, &AppendPngBytes, &FlushNothing);
  png_set_compression_level(png, 3);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8,
               PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
  png_write_info(png, info);
  for (int y = 0; y < height; ++y) {
    UnpremultiplyRow(argb + static_cast<size_t>(y) * static_cast<size_t>(stride), width, row.data());
    png_write_row(png, row.data());
  }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return out;
}

}  // namespace mark::badge
