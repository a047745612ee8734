#include "registry/validity.h"

#include <algorithm>

#include "review/calendar.h"

namespace mark::registry {

Date OneYearUntil(Date from) { return AddDays(AddYears(from, 1), -1); }

Period RenewedPeriod(const Mark& m, Instant now) {
  Date today = JstDate(now);
  if (today > m.valid_until) return {today, OneYearUntil(today)};
  // Continuous validity: the start stays, the end moves one year on.
  return {m.valid_from, OneYearUntil(AddDays(m.valid_until, 1))};
}

Instant ValidityStart(const Mark& m) { return JstStartOfDay(m.valid_from); }
Instant ValidityEnd(const Mark& m) { return JstStartOfDay(AddDays(m.valid_until, 1)); }

MarkStatus StatusAt(const Mark& m, Instant at) {
  if (m.revoked) return MarkStatus::kRevoked;
  if (m.returned) return MarkStatus::kReturned;
  if (m.suspended) return MarkStatus::kSuspended;
  if (at < ValidityStart(m)) return MarkStatus::kNotYetValid;
  if (at >= ValidityEnd(m)) return MarkStatus::kExpired;
  return MarkStatus::kValid;
}

}  // namespace mark::registry

namespace mark::registry {

DateWindow RenewalWindow(const Mark& m, std::optional<Date> first_review) {
  using std::chrono::months;
  const review::YearMonth until = m.valid_until.year() / m.valid_until.month();
  // The due month recurs yearly; the one for this period lies in the twelve
  // months that end with the month after valid_until.
  review::YearMonth due = review::RenewalDueMonth(first_review.value_or(m.valid_from));
  while (due > until + months{1}) due -= std::chrono::years{1};
  while (due <= until - months{11}) due += std::chrono::years{1};
  const Date due_first = due / std::chrono::day{1};
  return {std::min(due_first, review::AddMonths(m.valid_until, -4)), review::AddMonths(m.valid_until, 3)};
}

}  // namespace mark::registry
