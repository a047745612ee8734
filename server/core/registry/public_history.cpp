#include "registry/public_history.h"

namespace mark::registry {

using nlohmann::json;

bool ReasonIsPublic(std::string_view kind) {
  return kind == "suspended" || kind == "reinstated" || kind == "revoked" || kind == "returned" || kind == "amended";
}

json PublicEventJson(const MarkEvent& e) {
  json j = {{"kind", e.kind},
            {"at", FormatInstant(e.at)},
            {"valid_from", FormatDate(e.valid_from)},
            {"valid_until", FormatDate(e.valid_until)}};
  if (ReasonIsPublic(e.kind)) j["reason"] = e.reason;
  if (e.log_index) j["log_index"] = *e.log_index;
  return j;
}

json FullEventJson(const MarkEvent& e) {
  json j = {{"kind", e.kind},
            {"at", FormatInstant(e.at)},
            {"actor", e.actor},
            {"reason", e.reason},
            {"valid_from", FormatDate(e.valid_from)},
            {"valid_until", FormatDate(e.valid_until)}};
  if (e.log_index) j["log_index"] = *e.log_index;
  return j;
}

std::vector<badge::HistoryLine> PublicHistoryLines(const std::vector<MarkEvent>& events) {
  std::vector<badge::HistoryLine> out;
  for (const MarkEvent& e : events)
    out.push_back({e.kind, e.at, ReasonIsPublic(e.kind) ? e.reason : std::string(), e.valid_from, e.valid_until,
                   e.log_index});
  return out;
}

}  // namespace mark::registry
