// The validity rules: a mark is valid from 00:00 JST on valid_from until
// 24:00 JST on valid_until, for one year, unless suspended, revoked or
// returned.
#pragma once

#include <optional>

#include "common/clock.h"
#include "common/jst.h"
#include "common/model.h"

namespace mark::registry {

// One year from `from`: through the day before the same date next year
// (2026-04-01 → 2027-03-31; 2024-02-29 → 2025-02-28).
Date OneYearUntil(Date from);

// The period after renewing: extends from the old end date, or starts
// today (JST) when the mark has already expired.
struct Period {
  Date from;
  Date until;
};
Period RenewedPeriod(const Mark& mark, Instant now);

// Status as of `at`: revoked, then returned, then suspended, then the dates.
MarkStatus StatusAt(const Mark& mark, Instant at);

// The renewal window of the mark's current period, JST dates, both
// inclusive. It opens at the earlier of the first day of the renewal-due
// month (review/calendar.h RenewalDueMonth of the first review, in the
// twelve months ending the month after valid_until) and four months before
// valid_until; it closes three months after valid_until. Without a first
// review date (an imported mark) valid_from stands in, as the renewal
// calendar does. An expired mark inside it is still the holder's to renew,
// so amendments re-issue its certificate.
struct DateWindow {
  Date opens;
  Date closes;
  bool Contains(Date d) const { return opens <= d && d <= closes; }
};
DateWindow RenewalWindow(const Mark& mark, std::optional<Date> first_review = std::nullopt);

// The instants bounding validity (certificate nbf/exp).
Instant ValidityStart(const Mark& mark);
Instant ValidityEnd(const Mark& mark);  // 24:00 JST on valid_until

}  // namespace mark::registry
