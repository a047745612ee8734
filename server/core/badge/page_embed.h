// The embed kit for an ISP's web master, GET /embed/{number}: the copy-paste
// HTML snippet (badge image linked to the verification page), how to keep it
// working (https, its referrerpolicy), the badge's three looks (status as it
// is, foreign site, site not confirmed), a preview, and the badge and QR
// downloads. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "badge/lang.h"
#include "common/model.h"

namespace mark::badge {

// The referrerpolicy of the snippet's <img>: the badge request carries the
// embedding page's origin (never its path) even where the page or the site
// sets no-referrer, which would make the badge say "site not confirmed".
inline constexpr std::string_view kBadgeReferrerPolicy = "strict-origin-when-cross-origin";

// The snippet to paste: <a href="{verify}"><img src="{badge.svg}" ...></a>,
// absolute URLs under `public_url`, alt text naming mark and service, and
// kBadgeReferrerPolicy (the badge warns when that origin is not a registered
// domain).
std::string EmbedSnippet(const MarkView& view, std::string_view public_url, Lang lang);

struct EmbedPageInput {
  Lang lang = Lang::kJa;           // zh/ko pages show the snippet in English
  MarkView view;
  std::string public_url;
  std::string static_prefix = "/static";
};

std::string RenderEmbedPage(const EmbedPageInput& in);

}  // namespace mark::badge
