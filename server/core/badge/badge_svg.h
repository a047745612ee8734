// The badge an ISP or Wi-Fi operator puts on its site: scheme, service name,
// mark number, valid-until date, a QR code to the verification page and the
// mark's live state (green only when valid; suspended, revoked, expired, not
// registered, "shown on a foreign site" and "site not confirmed" each in
// their own colour and words). 360x120 px nominal; the same SVG is
// rasterised for the PNG (svg_to_png.h). Accessible: role="img", aria-label
// and <title>.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "badge/foreign_site.h"
#include "badge/lang.h"
#include "badge/verdict.h"
#include "common/model.h"

namespace mark::badge {

inline constexpr int kBadgeWidth = 360;
inline constexpr int kBadgeHeight = 120;

struct BadgeInput {
  Scheme scheme = Scheme::kIsp;
  std::string service_name;     // Japanese name
  std::string service_name_en;  // English name; the Japanese one is used when empty
  std::string number;           // e.g. "J0072"
  std::string valid_until;      // "YYYY-MM-DD" (JST); empty hides the line
  BadgeState state = BadgeState::kValid;
  // Where the badge is shown (foreign_site.h). The default, site not
  // confirmed, never draws the valid look.
  BadgeSite site;
  Lang lang = Lang::kJa;        // kZh/kKo render in English
  std::string verify_url;       // encoded in the QR; see mark_links.h
};

// The input for a registered mark, as of `view.status`, shown on `site`.
BadgeInput BadgeInputFor(const MarkView& view, std::string_view public_url, Lang lang, BadgeSite site);
// The "not registered" badge for a number the registry does not know.
BadgeInput NotRegisteredBadgeInput(std::string_view number, std::string_view public_url, Lang lang);

// A complete SVG document (UTF-8). All registry text is escaped with
// EscapeXml and shortened by code points to fit. When the QR cannot be
// encoded (an absurdly long verify_url) the QR area says so instead.
std::string RenderBadgeSvg(const BadgeInput& in);

}  // namespace mark::badge
