#include "registry/validity.h"

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
  if (m.suspended) return MarkStatus::kSuspended;
  if (at < ValidityStart(m)) return MarkStatus::kNotYetValid;
  if (at >= ValidityEnd(m)) return MarkStatus::kExpired;
  return MarkStatus::kValid;
}

}  // namespace mark::registry
