// Anti-copy rule: a badge is only honest on the holder's own site. Given the
// Referer or Origin a badge or verify page was requested with, decide on
// which kind of site it is shown: a registered one, a foreign one, or one the
// request does not name (site not confirmed). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mark::badge {

// The host (lower case, no port, no trailing dot) of an absolute http(s)
// URL or origin; nullopt when `url` is not one.
std::optional<std::string> HostOf(std::string_view url);

// Where a badge is shown, as far as its request tells.
struct BadgeSite {
  enum class Kind {
    kRegistered,    // a registered domain or a subdomain of one, or the registry's own pages
    kForeign,       // any other http(s) host
    kNotConfirmed,  // no usable Referer or Origin: none sent, or not an http(s) URL
  };
  // Nothing confirmed unless someone looked: a copier can switch the
  // Referer off, so its absence must never earn the plain badge.
  Kind kind = Kind::kNotConfirmed;
  std::string host;  // kForeign: the host as seen (e.g. "copycat.example"); empty otherwise

  static BadgeSite Registered() { return {Kind::kRegistered, {}}; }
  static BadgeSite NotConfirmed() { return {Kind::kNotConfirmed, {}}; }
  static BadgeSite Foreign(std::string h) { return {Kind::kForeign, std::move(h)}; }
  bool operator==(const BadgeSite&) const = default;
};

// The site a badge is shown on, from the Referer or Origin of the badge
// request. Registered: the host equals a registered domain or is a subdomain
// of one (`domains` as stored, compared case-insensitively), or is the host
// of `public_url` (the embed kit's preview). An empty or unparsable
// `referer_or_origin` is kNotConfirmed.
BadgeSite JudgeBadgeSite(std::string_view referer_or_origin, const std::vector<std::string>& domains,
                         std::string_view public_url);

// A short stable name of the site judgement, for cache keys and ETags:
// "registered", "not-confirmed" or "foreign:" + host (hosts hold no newline).
std::string SiteKey(const BadgeSite& site);

// The foreign host to warn about on a verify page, or nullopt when there is
// nothing to say: a page is reached by scanning a QR code, which sends no
// Referer, so there absence is not evidence and only kForeign warns.
std::optional<std::string> ForeignHost(std::string_view referer_or_origin, const std::vector<std::string>& domains,
                                       std::string_view public_url);

}  // namespace mark::badge
