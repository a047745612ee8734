// Anti-copy rule (issue 4 item 3): a badge is only honest on the holder's own
// site. Given the Referer or Origin a badge or verify page was requested
// with, decide whether it came from a site that is not registered for the
// mark. Pure function; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mark::badge {

// The host (lower case, no port, no trailing dot) of an absolute http(s)
// URL or origin; nullopt when `url` is not one.
std::optional<std::string> HostOf(std::string_view url);

// The foreign host to warn about, or nullopt when there is nothing to say:
// no or unparsable Referer/Origin (a QR scan or a privacy setting sends none:
// absence is not evidence), the registry's own site (`public_url`, e.g. the
// embed kit preview), or a host equal to a registered domain or a subdomain
// of one (`domains` are lower case, as stored).
std::optional<std::string> ForeignHost(std::string_view referer_or_origin,
                                       const std::vector<std::string>& domains,
                                       std::string_view public_url);

}  // namespace mark::badge
