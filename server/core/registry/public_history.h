// A mark's history as the public sees it: GET /api/v1/marks/{n}/history
// without a token, and the verify page's "what changed when". Each event
// keeps what happened and when, the validity it left and its transparency-log
// index; the reason only where the log publishes it too (status changes and
// amendments: their reasons are public by rule). Never the actor (a token's
// name), and never the reason of a grant, import, renewal or re-issue, which
// may name reviews or carry the secretariat's notes. The secretariat,
// reviewers and auditors read the full history (FullEventJson).
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "badge/page_history.h"
#include "registry/registry.h"

namespace mark::registry {

// Whether an event of `kind` shows its reason to the public.
bool ReasonIsPublic(std::string_view kind);

// {"kind","at","valid_from","valid_until","log_index"?,"reason"?}
nlohmann::json PublicEventJson(const MarkEvent& e);
// Every field, the actor and every reason included.
nlohmann::json FullEventJson(const MarkEvent& e);
// The same public fields as lines for the verify page, oldest first.
std::vector<badge::HistoryLine> PublicHistoryLines(const std::vector<MarkEvent>& events);

}  // namespace mark::registry
