// Base64 (RFC 4648) via libsodium: standard with padding for Merkle hashes
// and notes, URL-safe without padding for JOSE (RFC 7515 section 2).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mark {

std::string Base64Encode(std::string_view bytes);
std::string Base64UrlEncode(std::string_view bytes);
// nullopt on any character outside the alphabet, bad padding or trailing data.
std::optional<std::string> Base64Decode(std::string_view text);
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace mark
