// The public history as the verify page's "what changed when" lines
// (pages/page_history.h): the same public fields as the history API's public
// answer (registry/public_history.h), a reason only where it is public.
// Pure function; thread-safe.
#pragma once

#include <vector>

#include "pages/page_history.h"
#include "registry/registry.h"

namespace mark::publish {

// `events` oldest first, as Registry::History returns them; the lines keep
// that order.
std::vector<pages::HistoryLine> PublicHistoryLines(const std::vector<registry::MarkEvent>& events);

}  // namespace mark::publish
