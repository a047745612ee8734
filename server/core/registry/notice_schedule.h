// The notices time makes due, written to the outbox (outbox.h) once per
// notice key, whenever the scheduler (notify/notifier.h) looks:
//
// - renewal reminders `reminder_days` before valid_until (JST, from 00:00 on
//   that day), to the operator's renewal contacts, keyed (mark, valid_until,
//   offset), for marks neither suspended, revoked nor returned. Only the
//   latest reminder due is sent: reminders missed meanwhile (markd down, a
//   mark imported close to its end) are recorded as dropped;
// - the expiry notice from 00:00 JST on valid_until + 1, the first day the
//   mark shows 期限切れ (renewal contacts; while its renewal window is open),
//   with a mark.expired webhook delivery;
// - for a dated fee (one whose due date lies after the day it was recorded:
//   in practice the ISP annual usage fee; review fees fall due on their
//   application's date) unpaid and not waived: a reminder 7 days before the
//   due date and a notice the day after it becomes overdue (billing);
// - the secretariat's digest at 08:00 JST: the attention list
//   (attention.h CollectAttention, as GET /api/v1/attention answers it).
//
// Nothing here reads the clock: `now` is the caller's. A clock set back
// makes nothing due that was not due before; the notifier does not call
// this while the clock reads earlier than it already did.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "registry/registry.h"

namespace mark::registry {

struct ScheduleConfig {
  std::vector<int> reminder_days = {90, 60, 30, 7};  // days before valid_until
  std::string secretariat_mail;                      // "": no digest
};

inline constexpr int kFeeReminderDays = 7;
inline constexpr int kDigestHourJst = 8;

// Writes every notice due at `now` not yet written; returns how many were
// written (dropped records of missed reminders not counted). Commits
// nothing when nothing is due.
Result<int> ScheduleDueNotices(Registry& registry, Instant now, const ScheduleConfig& config);

}  // namespace mark::registry
