#include "publish/public_rules.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "badge/lang.h"
#include "badge/verdict.h"
#include "common/jst.h"
#include "common/model.h"
#include "registry/mark_number.h"
#include "review/calendar.h"

namespace mark::publish {

using nlohmann::json;

namespace {

json TimeZone() {
  const int minutes = static_cast<int>(std::chrono::minutes(kJstOffset).count());
  char offset[16];
  std::snprintf(offset, sizeof offset, "%c%02d:%02d", minutes < 0 ? '-' : '+', std::abs(minutes) / 60,
                std::abs(minutes) % 60);
  // Japan has one zone; its IANA name lets a browser's Intl format in it.
  return {{"name", "Asia/Tokyo"}, {"utc_offset", offset}, {"utc_offset_minutes", minutes}};
}

json MarkNumber() {
  json bodies = json::object();
  for (char c = 'A'; c <= 'Z'; ++c)
    if (registry::IsFirstReviewBody(c)) bodies[std::string(1, c)] = std::string(registry::FirstReviewBodyName(c));
  return {{"pattern", registry::MarkNumberPattern()}, {"first_review_bodies", std::move(bodies)}};
}

json SessionMonths() {
  json months = json::array();
  for (unsigned m = 1; m <= 12; ++m)
    if (review::IsSessionMonth(std::chrono::month{m})) months.push_back(m);
  return months;
}

json Statuses() {
  constexpr MarkStatus kAll[] = {MarkStatus::kValid,     MarkStatus::kNotYetValid, MarkStatus::kExpired,
                                 MarkStatus::kSuspended, MarkStatus::kRevoked,     MarkStatus::kReturned,
                                 MarkStatus::kUnknown};
  constexpr badge::Lang kLangs[] = {badge::Lang::kJa, badge::Lang::kEn, badge::Lang::kZh, badge::Lang::kKo};
  json out = json::object();
  for (MarkStatus s : kAll) {
    const badge::Verdict v = badge::VerdictFor(badge::BadgeStateOf(s), false);
    json words = json::object();
    for (badge::Lang l : kLangs) words[std::string(badge::LangCode(l))] = std::string(badge::TextOf(v, l).word);
    out[std::string(ToString(s))] = {{"css_class", std::string(badge::StyleOf(v).css_class)},
                                     {"words", std::move(words)}};
  }
  return out;
}

}  // namespace

json PublicRulesJson() {
  return {{"time_zone", TimeZone()},
          {"mark_number", MarkNumber()},
          {"session_months", SessionMonths()},
          {"statuses", Statuses()}};
}

}  // namespace mark::publish
