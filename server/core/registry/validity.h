// The validity rules: a mark is valid from 00:00 JST on valid_from until
// 24:00 JST on valid_until, for one year, unless suspended or revoked.
#pragma once

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

// Status as of `at`: revoked, then suspended, then the dates.
MarkStatus StatusAt(const Mark& mark, Instant at);

// The instants bounding validity (certificate nbf/exp).
Instant ValidityStart(const Mark& mark);
Instant ValidityEnd(const Mark& mark);  // 24:00 JST on valid_until

}  // namespace mark::registry
