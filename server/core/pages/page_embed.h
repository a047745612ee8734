// The embed kit for an ISP's web master, GET /embed/{number}: how to embed
// the badge (three steps), the copy-paste HTML snippets (the full badge with
// its QR, and the compact one for footers, each linked to the verification
// page), how to keep them working (https, the referrerpolicy), the badge's
// three looks by where it is shown (status as it is, foreign site, site not
// confirmed), each status as the badge shows it, previews, and the badge and
// QR downloads. One section per function in page_embed.cpp, in page order.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "badge/badge_svg.h"
#include "badge/lang.h"
#include "common/model.h"

namespace mark::pages {

// The referrerpolicy of the snippet's <img>: the badge request carries the
// embedding page's origin (never its path) even where the page or the site
// sets no-referrer, which would make the badge say "site not confirmed".
inline constexpr std::string_view kBadgeReferrerPolicy = "strict-origin-when-cross-origin";

// The snippet to paste: <a href="{verify}"><img src="{badge}.svg" ...></a>,
// absolute URLs under `public_url`, the badge's size at 1x, and
// kBadgeReferrerPolicy (the badge warns when that origin is not a registered
// domain). Its alt text (EmbedAltText) names the mark and where to check it,
// never a status: pasted text cannot stay live, the picture does.
std::string EmbedSnippet(const MarkView& view, std::string_view public_url, badge::Lang lang,
                         badge::BadgeSize size = badge::BadgeSize::kFull);
// "安全・安心マーク J0001（現在の状態は確認ページで）" (ja) or
// "Safety & Security Mark J0001 (current status on the check page)" (others).
std::string EmbedAltText(const MarkView& view, badge::Lang lang);

struct EmbedPageInput {
  badge::Lang lang = badge::Lang::kJa;  // zh/ko pages show the snippet in English
  bool lang_chosen = false;             // by ?lang= (links keep it)
  MarkView view;
  std::string public_url;
  std::string static_prefix = "/static";
};

std::string RenderEmbedPage(const EmbedPageInput& in);

}  // namespace mark::pages
