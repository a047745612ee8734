// UTF-8 decoding, one code point at a time: the one decoder every module
// uses (badges shorten names by code point, terminals escape controls).
#pragma once

#include <cstddef>
#include <string_view>

namespace mark {

// Decodes the code point at `text[i]` (REQUIRES: i < text.size()). Returns
// its length in bytes and sets `*out`, or 0 when the bytes there are not a
// valid UTF-8 sequence (overlong, surrogate, truncated, > U+10FFFF); the
// caller then treats one byte as invalid and goes on.
std::size_t DecodeUtf8(std::string_view text, std::size_t i, char32_t* out);

// Whether every byte of `text` belongs to a valid UTF-8 sequence (no
// overlongs, surrogates, truncated sequences or code points > U+10FFFF).
bool IsValidUtf8(std::string_view text);

// The first byte of the code point that byte `at` belongs to: `at` moved
// back over continuation bytes (never before 0); text.size() when `at` is at
// or past the end. Cutting at it splits no character.
std::size_t Utf8CodePointStart(std::string_view text, std::size_t at);

// How many code points `text` holds (each byte that is not a continuation
// byte starts one).
std::size_t Utf8CodePoints(std::string_view text);

}  // namespace mark
