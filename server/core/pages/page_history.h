// "What changed when": the verify page's short list of a mark's public
// history (grant or import, renewals, amendments, suspension and
// reinstatement, return, revocation, re-issued certificates), each with its
// date (JST), the validity it left, the public reason where there is one, and
// the index of the transparency-log entry that records it (linked to
// /api/v1/log/entries). A self-contained section with its own words in the
// four page languages, so it moves with the page it is put in. Pure
// function; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "badge/lang.h"
#include "common/jst.h"

namespace mark::pages {

struct HistoryLine {
  // granted | imported | renewed | suspended | reinstated | revoked |
  // returned | amended | reissued; another kind is shown as it is.
  std::string kind;
  Instant at{};
  std::string reason;  // public reasons only; empty: none shown
  Date valid_from{};
  Date valid_until{};
  std::optional<long long> log_index;
};

// The section's HTML (a card with a heading and a list, oldest first);
// empty for an empty history.
std::string RenderHistorySection(const std::vector<HistoryLine>& lines, badge::Lang lang);

}  // namespace mark::pages
