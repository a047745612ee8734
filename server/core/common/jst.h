// Dates and instants as the council uses them. Japan has one zone, JST
// (UTC+9, no daylight saving), so a fixed offset is exact. A mark's dates are
// JST calendar dates; instants on the wire are RFC 3339 in UTC.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace mark {

using Date = std::chrono::year_month_day;

inline constexpr std::chrono::hours kJstOffset{9};

// The JST calendar date on which `at` falls.
Date JstDate(Instant at);
// 00:00 JST at the start of `d`.
Instant JstStartOfDay(Date d);
// `d` plus whole years; 29 Feb lands on 1 March in a common year, so that
// "through the day before the same date next year" ends on 28 Feb.
Date AddYears(Date d, int years);
Date AddDays(Date d, int days);
// "YYYY-MM-DD"; nullopt unless a real calendar date in that exact form.
std::optional<Date> ParseDate(std::string_view text);
std::string FormatDate(Date d);
// RFC 3339 UTC with seconds, e.g. "2026-11-26T07:00:00Z".
std::string FormatInstant(Instant at);
// The JST wall-clock minute of `at` for people, "2026-11-26 16:00 JST".
std::string FormatJstMinute(Instant at);
std::optional<Instant> ParseInstant(std::string_view text);
// Seconds since the Unix epoch (JWT NumericDate).
long long UnixSeconds(Instant at);
Instant FromUnixSeconds(long long s);

}  // namespace mark
