// What a badge or verification page tells the person looking at it: the
// mark's live state, or a warning that the badge was shown on a site that is
// not registered for the mark, or that the badge's request did not say on
// which site it is shown (site not confirmed). One table of words and colours serves badges
// and pages, so they always say the same thing. Only kValid is ever green.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "badge/foreign_site.h"
#include "badge/lang.h"
#include "common/model.h"

namespace mark::badge {

// The state of a mark number as seen by the public.
// kUnknown: the registry cannot decide the mark's status now (MarkStatus::kUnknown), never valid.
enum class BadgeState { kValid, kNotYetValid, kExpired, kSuspended, kRevoked, kReturned, kNotRegistered, kUnknown };

BadgeState BadgeStateOf(MarkStatus status);

enum class Verdict {
  kValid,
  kNotYetValid,
  kExpired,
  kSuspended,
  kRevoked,
  kReturned,  // given back by the holder: neutral words, grey (not a sanction)
  kNotRegistered,
  kForeignSite,  // a valid (or not yet valid) mark shown on an unregistered site
  // A valid (or not yet valid) mark on a badge whose request named no site:
  // never the valid look, the mark's own state word still on it.
  kSiteNotConfirmed,
  // The registry cannot decide the status now (its clock reads behind its
  // last change, or its stored facts differ from the mark's certificate): grey, neutral, never green or red.
  kUnknown,
};

// The foreign-site warning replaces kValid, kNotYetValid and kUnknown (where
// a badge is shown does not depend on the status); the other states are
// already a warning and stay as they are (the worse news wins).
Verdict VerdictFor(BadgeState state, bool shown_on_foreign_site);
// The same for a badge, judged by where it is shown (foreign_site.h): a
// foreign site or a site not confirmed replaces kValid and kNotYetValid.
Verdict VerdictFor(BadgeState state, const BadgeSite& site);

struct VerdictStyle {
  std::string_view css_class;  // "st-valid", "st-revoked", ... (static/site.css)
  std::string_view colour;     // solid colour, white text on it has >= 4.5:1 contrast
  std::string_view tint;       // pale background of the same hue
};
VerdictStyle StyleOf(Verdict v);

struct VerdictText {
  std::string_view word;         // short, for a badge: "有効", "SUSPENDED"
  std::string_view badge_note;   // one line on the badge (foreign: see ForeignNote)
  std::string_view headline;     // the page's big answer
  std::string_view explanation;  // one or two sentences under it
};
// Badges are written in Japanese or English (zh/ko fall back to English);
// pages use all four languages.
VerdictText TextOf(Verdict v, Lang lang);

}  // namespace mark::badge
