// Whitespace trimmed from both ends of a text: the one home for it, in the
// two senses the code needs; and a URL's trailing slashes. Each returns a view into its argument (no copy;
// it lives as long as the argument does). Pure; thread-safe.
#pragma once

#include <string_view>

namespace mark {

// Without the ASCII white space C's isspace knows in the "C" locale (space,
// \t, \n, \v, \f, \r) at either end: for what people type or files hold (a
// search box, a report's text, a certificate read from a file with its final
// newline). Other Unicode spaces (U+3000, U+00A0) stay: NormalizeText
// (text.h) trims those for stored names.
std::string_view TrimAsciiSpace(std::string_view text);

// Without the optional whitespace of HTTP (RFC 9110 section 5.6.3: spaces and
// tabs, nothing else) at either end: for header values and their list
// elements and parameters.
std::string_view TrimOws(std::string_view text);

// Without the slashes at the end of a URL or path ("https://mark.example.jp/"
// becomes "https://mark.example.jp"), so that "/v/..." can follow it.
std::string_view TrimTrailingSlashes(std::string_view url);

}  // namespace mark
