// The embed kit for an ISP's web master, GET /embed/{number}: the copy-paste
// HTML snippet (badge image linked to the verification page), a preview, and
// the badge and QR downloads. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "badge/lang.h"
#include "common/model.h"

namespace mark::badge {

// The snippet to paste: <a href="{verify}"><img src="{badge.svg}" ...></a>,
// absolute URLs under `public_url`, alt text naming mark and service, and
// referrerpolicy so the badge request carries the embedding site's origin
// (the badge warns when that origin is not a registered domain).
std::string EmbedSnippet(const MarkView& view, std::string_view public_url, Lang lang);

struct EmbedPageInput {
  Lang lang = Lang::kJa;           // zh/ko pages show the snippet in English
  MarkView view;
  std::string public_url;
  std::string static_prefix = "/static";
};

std::string RenderEmbedPage(const EmbedPageInput& in);

}  // namespace mark::badge
