#include "publish/history_lines.h"

#include "registry/public_history.h"

namespace mark::publish {

std::vector<pages::HistoryLine> PublicHistoryLines(const std::vector<registry::MarkEvent>& events) {
  std::vector<pages::HistoryLine> out;
  for (const registry::MarkEvent& e : events)
    out.push_back({e.kind, e.at, registry::HasPublicReason(e.kind) ? e.reason : std::string(), e.valid_from,
                   e.valid_until, e.log_index});
  return out;
}

}  // namespace mark::publish
