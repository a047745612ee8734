// QR codes for mark verification URLs (libqrencode 4.1.1). Error correction
// level M (15% of the code may be damaged or covered), byte-exact content,
// and the quiet zone of 4 modules ISO/IEC 18004 asks for. Thread-safe
// (libqrencode is built with pthread support in Debian).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace mark::badge {

inline constexpr int kQrQuietZone = 4;  // modules, on each side
inline constexpr int kQrPngMinPx = 64;
inline constexpr int kQrPngMaxPx = 1024;

// The module grid of one code, without quiet zone.
struct QrMatrix {
  int size = 0;            // modules per side (21 for version 1, +4 per version)
  std::vector<bool> dark;  // row-major, size*size
  bool At(int x, int y) const { return dark[static_cast<std::size_t>(y) * size + x]; }
};

// Encodes `text` exactly (8-bit/alphanumeric modes chosen by libqrencode,
// case preserved) at level M. Invalid("text") when empty, containing NUL,
// or too long for a QR code.
Result<QrMatrix> EncodeQr(std::string_view text);

// SVG path data drawing the dark modules of `m` in module units, with the
// origin at the code's top-left module (no quiet zone): runs of dark modules
// in a row merge into one rectangle. For embedding in a larger SVG under a
// translate/scale transform.
std::string QrPathData(const QrMatrix& m);

// A standalone SVG document: white background with the quiet zone, black
// modules, viewBox in module units, shape-rendering="crispEdges" and a
// default size of 8 px per module.
Result<std::string> QrSvg(std::string_view text);

// A `size_px` x `size_px` 8-bit greyscale PNG: integer module size (the
// largest that fits code plus quiet zone), centred on white. Invalid("size")
// outside [kQrPngMinPx, kQrPngMaxPx] or when the code does not fit at one
// pixel per module.
Result<std::string> QrPng(std::string_view text, int size_px);

}  // namespace mark::badge
