// Attention: the one list of what needs a person at the secretariat
// (GET /api/v1/attention, for secretariat and auditors): each item names its
// kind, the mark and service it concerns, one line for a person, and the
// kind's own facts. Computed from the registry at read time, never stored.
//
// Adding a kind: an enumerator in AttentionKind, its name in attention.cpp's
// kKinds table, and a collector there (a function that appends the kind's
// items, reading through the connection it is given; kinds that depend on
// the date take the instant of the request as well: attention_dated.h).
// Counts list every kind, zero when none, so a client can tell "none" from
// "not known". Thread-safe (reads only).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "storage/database.h"

namespace mark::registry {

enum class AttentionKind {
  kSharedSsid,      // an SSID of another operator's service is the same
  kLookalikeSsid,   // an SSID of another operator's service looks the same (common/ssid_skeleton.h)
  kLookalikeName,   // a name is, or looks like, an earlier name of another operator or its service
                    // (storage/lookalike_keys.h)
  kTokenFlood,      // bearer tokens guessed from many addresses or many times (failed_attempts.h)
  kOpenReports,     // a misuse report not closed yet (reports.h)
  kReportsDropped,  // misuse reports dropped on a day the open queue was full (reports.h)
  kNoContacts,      // an operator holding a mark has no contact to send notices to (outbox.h)
  kNoticeFailed,    // a webhook delivery failed after 24 hours of retries (outbox.h)
  // The secretariat's day (attention_dated.h), as of today (JST):
  kApplicationPending,    // an application awaiting a decision (no review recorded yet)
  kFeeOverdue,            // a fee neither paid nor waived, past its due date
  kFeeDueSoon,            // a fee neither paid nor waived, due within 7 days
  kRenewalWindowOpen,     // a mark in its renewal window with no renewal application for this year
  kLapsingBeforeSession,  // a mark whose validity ends before the next second-review session
};
// "shared_ssid" | "lookalike_ssid" | "lookalike_name" | "token_flood" |
// "open_reports" | "reports_dropped" | "application_pending" | "fee_overdue" |
// "fee_due_soon" | "renewal_window_open" | "lapsing_before_session" |
// "no_contacts" | "notice_failed"
std::string_view ToString(AttentionKind kind);

struct AttentionItem {
  AttentionKind kind = AttentionKind::kSharedSsid;
  std::string mark;                                 // mark number; "" when the item concerns no mark
  std::string service;                              // service id; "" when it concerns no service
  std::string detail;                               // one line for a person
  nlohmann::json facts = nlohmann::json::object();  // the kind's own members, merged into the item
};

struct AttentionList {
  std::map<AttentionKind, long long> counts;  // every kind
  std::vector<AttentionItem> items;           // by kind, then as each collector orders them
};

// Every kind's items as of `now` (the date-dependent kinds use its JST date).
Result<AttentionList> CollectAttention(const storage::Database& db, Instant now);

// {"counts": {"shared_ssid": n, ...}, "items": [{"kind", "mark", "service",
// "detail", ...facts}]} with "mark"/"service" null when empty.
nlohmann::json AttentionJson(const AttentionList& list);

}  // namespace mark::registry
