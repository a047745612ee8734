// The badge an ISP or Wi-Fi operator puts on its site, in two sizes:
//   - full (360x120 px at 1x): scheme, service name (on two lines when long,
//     shortened at a word boundary beyond that), mark number, valid-until
//     date, a QR code to the verification page and the live state;
//   - compact (240x60 px at 1x, for footers): the mark's name, number and
//     scheme and the live state, no QR: the embed kit's snippet links the
//     whole badge to the verification page.
// Both show the state in colour, icon and words (green only when valid;
// suspended, revoked, expired, not registered, "shown on a foreign site" and
// "site not confirmed" each in their own look), and both carry it in
// role="img", aria-label and <title>, which also hold the full service name.
// No text is drawn smaller than kBadgeMinTextPx at 1x. The same SVG is
// rasterised for the PNG (svg_to_png.h), never narrower than 1x.
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
inline constexpr int kCompactBadgeWidth = 240;
inline constexpr int kCompactBadgeHeight = 60;
// The smallest font size on any badge at 1x, in px: smaller is not legible.
inline constexpr double kBadgeMinTextPx = 10;

enum class BadgeSize {
  kFull,     // with the QR code
  kCompact,  // without: the link around it leads to the verification page
};
std::string_view ToString(BadgeSize size);  // "full" | "compact"

struct BadgeDimensions {
  int width;
  int height;
};
// The badge's size at 1x (its SVG width, height and viewBox).
BadgeDimensions DimensionsOf(BadgeSize size);

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
  Lang lang = Lang::kJa;   // kZh/kKo render in English
  std::string verify_url;  // encoded in the QR; see mark_links.h
  BadgeSize size = BadgeSize::kFull;
};

// The input for a registered mark, as of `view.status`, shown on `site`.
BadgeInput BadgeInputFor(const MarkView& view, std::string_view public_url, Lang lang, BadgeSite site);
// The "not registered" badge for a number the registry does not know.
BadgeInput NotRegisteredBadgeInput(std::string_view number, std::string_view public_url, Lang lang);

// A complete SVG document (UTF-8) of `in.size`. All registry text is escaped
// with EscapeXml and shortened to fit (the <title> keeps it whole). When the
// QR cannot be encoded (an absurdly long verify_url) the QR area says so
// instead.
std::string RenderBadgeSvg(const BadgeInput& in);

}  // namespace mark::badge
