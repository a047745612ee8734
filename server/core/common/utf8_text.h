// UTF-8 text helpers for everything badges, pages and feeds print: registry text is
// UTF-8, but a badge or page must never carry a broken byte sequence (it would
// make the SVG unparsable) nor cut a multibyte character in half when a long
// name is shortened. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mark {

// `text` with every invalid UTF-8 sequence (overlong, surrogate, truncated,
// > U+10FFFF) replaced by U+FFFD.
std::string SanitizeUtf8(std::string_view text);

// Number of code points (invalid bytes count one each).
std::size_t CountCodePoints(std::string_view text);

// At most `max_code_points` code points of `text`; when shortened, the last
// kept code point is replaced by `ellipsis` so the result still fits. Never
// splits a multibyte character. Invalid UTF-8 is sanitised first.
std::string TruncateCodePoints(std::string_view text, std::size_t max_code_points,
                               std::string_view ellipsis = "\u2026");

// Rough rendered width in em of `text` in a sans-serif font: CJK and other
// full-width characters count 1, others about 0.6 (a safe upper estimate for
// Latin). Used where no font metrics are at hand (SVG written server-side).
double EstimateWidthEm(std::string_view text);

// `text` shortened (with `ellipsis`) so that EstimateWidthEm stays within
// `max_em`; unchanged when it already fits. Cuts between code points only.
std::string TruncateToWidth(std::string_view text, double max_em, std::string_view ellipsis = "\u2026");

// `text` in at most `max_lines` lines of at most `max_em` each (by
// EstimateWidthEm), broken where a reader expects a break: at a space (which
// is dropped), or between two full-width characters (Japanese has no
// spaces), never inside a Latin word unless that word alone is too long. When
// the text does not fit, the last line is shortened with `ellipsis` at such a
// break too (a word cut in half reads as another word). Invalid UTF-8 is
// sanitised first; an empty text gives no lines.
std::vector<std::string> WrapToWidth(std::string_view text, double max_em, std::size_t max_lines,
                                     std::string_view ellipsis = "\u2026");

}  // namespace mark
