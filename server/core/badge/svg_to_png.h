// Rasterises an SVG document to PNG with librsvg 2.54 and cairo, so a badge's
// PNG is drawn from the very SVG served as .svg and the two never drift.
//
// Thread-safety: librsvg, pango and fontconfig are not safe for concurrent
// rendering, and pango keeps its font map (fontconfig matches, loaded fonts,
// glyph caches) per thread: a render on a fresh thread cost ~40 ms against
// ~7 ms on a warm one, and every server thread that rendered kept a copy.
// So every render runs on one process-wide render thread, started on first
// use; callers wait for their turn (cache PNGs by mark version + state).
//
// Resources: the document is loaded from memory with no base URL, so librsvg
// cannot resolve or load any external file or URL (only data: URLs would
// load); we only ever feed it SVG we generated ourselves.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace mark::badge {

inline constexpr int kPngMinWidth = 16;
inline constexpr int kPngMaxWidth = 2048;
inline constexpr int kPngMaxHeight = 2048;

// PNG (8-bit RGBA) `width_px` wide; the height follows the SVG's aspect
// ratio (from width/height or viewBox). Invalid("width") outside
// [kPngMinWidth, kPngMaxWidth] or when the height would exceed kPngMaxHeight;
// Invalid("svg") when librsvg cannot parse or render the document.
Result<std::string> SvgToPng(std::string_view svg, int width_px);

// Queues a render of `svg` whose result is dropped and returns at once, so
// fonts and glyph caches are warm before the first request needs them.
void WarmUpRenderer(std::string svg, int width_px);

}  // namespace mark::badge
