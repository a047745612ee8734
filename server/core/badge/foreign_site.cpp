#include "badge/foreign_site.h"

#include <cctype>

namespace mark::badge {
namespace {

std::string Lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsHostChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'; }

}  // namespace

std::optional<std::string> HostOf(std::string_view url) {
  if (url.size() > 4096) return std::nullopt;
  const std::string lower = Lower(url);
  std::string_view rest;
  if (lower.rfind("https://", 0) == 0) {
    rest = std::string_view(lower).substr(8);
  } else if (lower.rfind("http://", 0) == 0) {
    rest = std::string_view(lower).substr(7);
  } else {
    return std::nullopt;
  }
  const std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {  // IPv6 literal
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    return std::string(host.substr(0, close + 1));
  }
  if (const std::size_t colon = host.find(':'); colon != std::string_view::npos) host = host.substr(0, colon);
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty() || host.size() > 253) return std::nullopt;
  for (const char c : host)
    if (!IsHostChar(c)) return std::nullopt;
  return std::string(host);
}

BadgeSite JudgeBadgeSite(std::string_view referer_or_origin, const std::vector<std::string>& domains,
                         std::string_view public_url) {
  auto host = HostOf(referer_or_origin);
  if (!host) return BadgeSite::NotConfirmed();
  if (const auto own = HostOf(public_url); own && *own == *host) return BadgeSite::Registered();
  for (const std::string& d : domains) {
    const std::string domain = Lower(d);
    if (domain.empty()) continue;
    if (*host == domain) return BadgeSite::Registered();
    if (host->size() > domain.size() && host->compare(host->size() - domain.size(), domain.size(), domain) == 0 &&
        (*host)[host->size() - domain.size() - 1] == '.')
      return BadgeSite::Registered();
  }
  return BadgeSite::Foreign(std::move(*host));
}

std::string SiteKey(const BadgeSite& site) {
  switch (site.kind) {
    case BadgeSite::Kind::kRegistered: return "registered";
    case BadgeSite::Kind::kForeign: return "foreign:" + site.host;
    case BadgeSite::Kind::kNotConfirmed: return "not-confirmed";
  }
  return "not-confirmed";
}

std::optional<std::string> ForeignHost(std::string_view referer_or_origin, const std::vector<std::string>& domains,
                                       std::string_view public_url) {
  BadgeSite site = JudgeBadgeSite(referer_or_origin, domains, public_url);
  if (site.kind != BadgeSite::Kind::kForeign) return std::nullopt;
  return std::move(site.host);
}

}  // namespace mark::badge
