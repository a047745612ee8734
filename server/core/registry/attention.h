// Attention: the one list of what needs a person at the secretariat
// (GET /api/v1/attention, for secretariat and auditors): each item names its
// kind, the mark and service it concerns, one line for a person, and the
// kind's own facts. Computed from the registry at read time, never stored.
//
// Adding a kind: an enumerator in AttentionKind, its name in attention.cpp's
// kKinds table, and a collector there (a function that appends the kind's
// items, reading through the connection it is given). Counts list every
// kind, zero when none, so a client can tell "none" from "not known".
// Thread-safe (reads only).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "registry/database.h"

namespace mark::registry {

enum class AttentionKind {
  kSharedSsid,     // an SSID of another operator's service is the same
  kLookalikeSsid,  // an SSID of another operator's service looks the same (ssid_skeleton.h)
  kNoContacts,     // an operator holding a mark has no contact to send notices to (outbox.h)
  kNoticeFailed,   // a webhook delivery failed after 24 hours of retries (outbox.h)
};
// "shared_ssid" | "lookalike_ssid" | "no_contacts" | "notice_failed"
std::string_view ToString(AttentionKind kind);

struct AttentionItem {
  AttentionKind kind = AttentionKind::kSharedSsid;
  std::string mark;     // mark number; "" when the item concerns no mark
  std::string service;  // service id; "" when it concerns no service
  std::string detail;   // one line for a person
  nlohmann::json facts = nlohmann::json::object();  // the kind's own members, merged into the item
};

struct AttentionList {
  std::map<AttentionKind, long long> counts;  // every kind
  std::vector<AttentionItem> items;           // by kind, then as each collector orders them
};

Result<AttentionList> CollectAttention(const Database& db);

// {"counts": {"shared_ssid": n, ...}, "items": [{"kind", "mark", "service",
// "detail", ...facts}]} with "mark"/"service" null when empty.
nlohmann::json AttentionJson(const AttentionList& list);

}  // namespace mark::registry
