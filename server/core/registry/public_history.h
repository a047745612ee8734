// What the public may know of the registry's history (mark_events): every
// change to every mark — kind, instant, validity, log index — and the reason
// only where that reason is already public. Suspensions, reinstatements,
// revocations, returns and amendments take a reason the mark, its verify
// page and the transparency log show; grants, imports, renewals and
// re-issues record their basis instead (a review id, the secretariat's
// note), which stays inside. Who made a change (the token's name) is never
// public. The Atom feeds (change_feed.h) read history through this alone.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/jst.h"

namespace mark::badge {
struct HistoryLine;
}

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
  std::string number;     // "" every mark
  long long before = 0;   // only changes with id < before; 0 from the newest
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
// The same public fields as lines for the verify page, oldest first.
std::vector<badge::HistoryLine> PublicHistoryLines(const std::vector<MarkEvent>& events);

}  // namespace mark::registry
