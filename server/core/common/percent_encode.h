// Percent-encoding (RFC 3986) of one URL component, for numbers and search
// terms put into links on pages. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace mark {

// Every byte except the unreserved set (ALPHA DIGIT - . _ ~) becomes %XX.
// The result is safe in a path segment or a query value; it still goes
// through EscapeHtml when placed in an attribute.
std::string PercentEncode(std::string_view component);

}  // namespace mark
