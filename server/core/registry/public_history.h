// What the public may know of the registry's history (mark_events): every
// change to every mark — kind, instant, validity, log index — and the reason
// only where that reason is already public. Suspensions, reinstatements,
// revocations, returns and amendments take a reason the mark, its verify
// page and the transparency log show; grants, imports, renewals and
// re-issues record their basis instead (a review id, the secretariat's
// note), which stays inside. Who made a change (the token's name) is never
// public. The Atom feeds (publish/change_feed.h) and the verify page's
// history (publish/history_lines.h) read history through this alone.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/jst.h"

namespace mark::registry {

struct MarkEvent;  // registry.h

struct PublicEvent {
  long long id = 0;  // the history row's id: grows with every change
  std::string number;
  std::string kind;  // granted | imported | renewed | suspended | reinstated | revoked | returned | amended | reissued
  Instant at{};
  std::string reason;  // "" unless HasPublicReason(kind)
  Date valid_from{};
  Date valid_until{};
  std::optional<long long> log_index;
};

// Whether history entries of `kind` carry a public reason (see above).
bool HasPublicReason(std::string_view kind);

// Newest first: the registry's changes, or one mark's.
struct PublicHistoryQuery {
  std::string number;    // "" every mark
  long long before = 0;  // only changes with id < before; 0 from the newest
  int limit = 50;
};
inline constexpr int kMaxPublicHistoryLimit = 200;

struct PublicHistoryPage {
  std::vector<PublicEvent> events;  // newest first, at most `limit`
  long long next_before = 0;        // `before` of the next (older) page; 0 at the end
};

// {"kind","at","valid_from","valid_until","log_index"?,"reason"?}
nlohmann::json PublicEventJson(const MarkEvent& e);
// Every field, the actor and every reason included.
nlohmann::json FullEventJson(const MarkEvent& e);

}  // namespace mark::registry
