// Greyscale PNG encoding into memory with libpng's simplified write API (no
// setjmp/longjmp crossing C++ frames). Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace mark::badge {

// `pixels` is row-major, one byte per pixel (0 black .. 255 white), exactly
// width*height long. Returns the PNG file bytes.
Result<std::string> EncodeGreyPng(int width, int height, const std::vector<unsigned char>& pixels);

}  // namespace mark::badge
