// The validity rules: a mark is valid from 00:00 JST on valid_from until
// 24:00 JST on valid_until, for one year, unless suspended, revoked or
// returned; and
// the renewal window, the only time a mark's year may be renewed.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/jst.h"
#include "common/model.h"

namespace mark::registry {

// One year from `from`: through the day before the same date next year
// (2026-04-01 → 2027-03-31; 2024-02-29 → 2025-02-28).
Date OneYearUntil(Date from);

// The first day of the mark's current year: the year that ends on
// valid_until (the day after the same date a year earlier).
Date CurrentYearStart(const Mark& mark);

// The renewal window of the mark's current year, both days included (JST).
// It opens on the earlier of the first day of the renewal-due month (the
// council's one rule, review::RenewalDueMonth, carried into this year by
// review::RenewalDueMonthOfYear from mark.first_review_date) and four months
// before valid_until (sessions sit four months apart, so every mark can reach
// one session before its year ends); it closes three months after valid_until
// (a session that decided after the mark lapsed can still renew it). After
// that, a lapsed mark needs a new application, whose passed review grants it
// again on the same number. Renewing moves valid_until, so the next window is
// a year later.
struct RenewalWindowDates {
  Date opens;
  Date closes;
  bool Contains(Date d) const { return opens <= d && d <= closes; }
};
RenewalWindowDates RenewalWindow(const Mark& m);

// nullopt when `today` (JST) lies in the mark's renewal window; otherwise why
// not, naming the window's dates and what would satisfy it.
std::optional<std::string> OutsideRenewalWindow(const Mark& m, Date today);

// True once the window of the mark's current year has closed (`today`, JST,
// after RenewalWindow(m).closes): the mark can no longer be renewed, and only
// a new application's review grants it again (on the same number).
bool LapsedPastWindow(const Mark& m, Date today);

// The period after renewing inside the window: continuous, from the old end
// date (also when the mark lapsed meanwhile); the start stays.
struct Period {
  Date from;
  Date until;
};
Period RenewedPeriod(const Mark& mark);

// Status as of `at`: revoked, then returned, then suspended, then the dates.
MarkStatus StatusAt(const Mark& mark, Instant at);

// The instants bounding validity (certificate nbf/exp).
Instant ValidityStart(const Mark& mark);
Instant ValidityEnd(const Mark& mark);  // 24:00 JST on valid_until

}  // namespace mark::registry
