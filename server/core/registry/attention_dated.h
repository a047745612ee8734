// The attention kinds of the secretariat's day (attention.h), which depend on
// today's JST date: each collector appends its kind's items, reading through
// the connection it is given, as of `now`. Storage internals of attention.cpp.
//   application_pending     applications with no review recorded yet, oldest
//                           session first ({application, kind, session,
//                           application_date})
//   fee_overdue             fees neither paid nor waived, due before today
//   fee_due_soon            ... due today or within kFeeDueSoonDays
//                           ({fee, application, fee_kind, amount_jpy, due})
//   renewal_window_open     marks (not revoked, not returned) whose renewal
//                           window (validity.h) holds today and whose service
//                           has no renewal application dated in that window
//                           ({window_opens, window_closes, valid_until})
//   lapsing_before_session  marks valid, suspended or not yet valid whose
//                           valid_until falls before the next second-review
//                           session that starts after today, with or without
//                           an application ({valid_until, next_session,
//                           application})
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>
#include <vector>

#include "common/clock.h"
#include "registry/attention.h"

namespace mark::registry {

inline constexpr int kFeeDueSoonDays = 7;

// How an item names what it concerns, for every kind: "J0072 さくらネット光
// (さくら通信)", or "service svc_… 名前 (事業者)" without a mark
// (attention.cpp).
std::string Who(SQLite::Database& db, const std::string& service_id, const std::string& number);

void CollectApplicationsPending(SQLite::Database& db, Instant now, std::vector<AttentionItem>& out);
void CollectFeesOverdue(SQLite::Database& db, Instant now, std::vector<AttentionItem>& out);
void CollectFeesDueSoon(SQLite::Database& db, Instant now, std::vector<AttentionItem>& out);
void CollectRenewalWindowsOpen(SQLite::Database& db, Instant now, std::vector<AttentionItem>& out);
void CollectLapsingBeforeSession(SQLite::Database& db, Instant now, std::vector<AttentionItem>& out);

}  // namespace mark::registry
