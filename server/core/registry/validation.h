// Validation of everything a secretariat officer types into the registry.
// Each function returns the normalised value or an Error naming the field and
// why, so the API can answer with problem+json pointing at the field.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "common/utf8.h"

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

// A name people tell apart (an operator's or service's name or name_en, a
// venue, a token's name): valid UTF-8, surrounding white space trimmed and
// NFC (common/text.h NormalizeText), non-empty when `required`, at most
// kMaxNameBytes, and every rule of common/text.h for TextUse::kName (no
// controls, bidirectional controls, invisible or unassigned characters, no
// word mixing scripts as look-alike spellings do). Returns the form to
// store; the Error names `field` and says why.
Result<std::string> NormalizeName(const std::string& field, std::string_view value, bool required = true);

// A sentence people read (a reason, a note): as NormalizeName, at most
// `max_bytes`, with the rules for TextUse::kProse (no script rules: a
// reason may quote any name).
Result<std::string> NormalizeProse(const std::string& field, std::string_view value, bool required, size_t max_bytes);

// Which hosts a URL may name: an operator's website is a host name
// (NormalizeHostName: never an IP address or a single label); the
// registry's own URL (its issuer) may be any host, 127.0.0.1 in tests.
enum class UrlHost { kHostName, kAny };

// An absolute http(s) URL with a host, no white space or control characters.
Status ValidateWebsite(const std::string& field, std::string_view value, UrlHost host = UrlHost::kHostName);

// Valid UTF-8 (no overlongs, no surrogates): common/utf8.h's, named here
// too for the callers that validate through this header.
using mark::IsValidUtf8;

}  // namespace mark::registry
