#include "badge/png_writer.h"

#include <png.h>

#include <cstring>

namespace mark::badge {

Result<std::string> EncodeGreyPng(int width, int height, const std::vector<unsigned char>& pixels) {
  if (width <= 0 || height <= 0 ||
      pixels.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height))
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

}  // namespace mark::badge
