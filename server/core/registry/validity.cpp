#include "registry/validity.h"

#include <algorithm>

#include "review/calendar.h"

namespace mark::registry {

namespace rv = mark::review;
using std::chrono::sys_days;

Date OneYearUntil(Date from) { return AddDays(AddYears(from, 1), -1); }

Date CurrentYearStart(const Mark& m) { return AddDays(AddYears(m.valid_until, -1), 1); }

RenewalWindowDates RenewalWindow(const Mark& m) {
  const Date first_review = m.first_review_date.ok() ? m.first_review_date : m.valid_from;
  const Date due_opens = rv::RenewalDueMonthOfYear(first_review, CurrentYearStart(m)) / 1;
  const Date four_before = rv::AddMonths(m.valid_until, -4);
  return {sys_days{due_opens} < sys_days{four_before} ? due_opens : four_before, rv::AddMonths(m.valid_until, 3)};
}

std::optional<std::string> OutsideRenewalWindow(const Mark& m, Date today) {
  const RenewalWindowDates w = RenewalWindow(m);
  const std::string window = "renewal window: mark " + m.number + "'s current year ends on " +
                             FormatDate(m.valid_until) + "; its renewal window opens on " + FormatDate(w.opens) +
                             " and closes on " + FormatDate(w.closes) + " (JST), and today is " + FormatDate(today);
  if (sys_days{today} < sys_days{w.opens}) return window + "; renew on or after " + FormatDate(w.opens);
  if (sys_days{today} > sys_days{w.closes})
    return window +
           "; the window has closed, so the lapsed mark is granted again only on a new application's "
           "passed review";
  return std::nullopt;
}

bool LapsedPastWindow(const Mark& m, Date today) { return sys_days{today} > sys_days{RenewalWindow(m).closes}; }

Period RenewedPeriod(const Mark& m) { return {m.valid_from, OneYearUntil(AddDays(m.valid_until, 1))}; }

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
