// Validation of everything a secretariat officer types into the registry.
// Each function returns the normalised value or an Error naming the field and
// why, so the API can answer with problem+json pointing at the field.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace mark::registry {

inline constexpr size_t kMaxNameBytes = 200;
inline constexpr size_t kMaxWebsiteBytes = 2048;
inline constexpr size_t kMaxDomains = 50;
inline constexpr size_t kMaxSsids = 200;
inline constexpr size_t kMaxVenues = 500;

// 法人番号: 13 digits, the first a check digit over the other twelve
// (check = 9 - (sum(P_n * Q_n) mod 9), P_n the n-th digit from the right of
// the twelve, Q_n 1 for odd n and 2 for even n).
Status ValidateCorporateNumber(const std::string& field, std::string_view value);

// A host name: lower-cased, IDN labels converted to punycode (IDNA2008 via
// libidn2), no scheme, path, port or trailing dot, at least two labels, and
// not an IP address in any spelling inet_aton takes (192.168.1.1, 1.2,
// 0x7f.1): a top-level label is never all digits or 0x-hex (RFC 3696 2).
// Returns the normalised form.
Result<std::string> NormalizeHostName(const std::string& field, std::string_view value);

// A domain a service is registered for: a host name (above) that is a
// registrable domain or a name below one by the Public Suffix List (libpsl,
// ICANN and private sections): example.co.jp and www.example.co.jp, never
// co.jp itself.
Result<std::string> NormalizeDomain(const std::string& field, std::string_view value);

// An e-mail address as RFC 5321 takes it for delivery: a dot-atom local part
// of at most 64 bytes, '@', a host name (NormalizeHostName; no address
// literals, no quoted local parts), at most 254 bytes in all. Returns it with
// the host part normalised.
Result<std::string> NormalizeEmail(const std::string& field, std::string_view value);

// An SSID is 1..32 bytes (IEEE 802.11); any bytes but control characters.
Status ValidateSsid(const std::string& field, std::string_view value);

// Non-empty, at most kMaxNameBytes, valid UTF-8, no control characters.
// Surrounding white space is trimmed.
Result<std::string> NormalizeName(const std::string& field, std::string_view value, bool required = true);

// An absolute http(s) URL with a host, no white space or control characters.
Status ValidateWebsite(const std::string& field, std::string_view value);

// Valid UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);

}  // namespace mark::registry
