// Registry::PublicHistory and the rule of which reasons are public.
#include "registry/public_history.h"

#include <algorithm>

#include "storage/query.h"
#include "registry/registry.h"
#include "storage/rows.h"

namespace mark::registry {

bool HasPublicReason(std::string_view kind) {
  return kind == "suspended" || kind == "reinstated" || kind == "revoked" || kind == "returned" || kind == "amended";
}

Result<PublicHistoryPage> Registry::PublicHistory(const PublicHistoryQuery& query) const {
  const int limit = std::clamp(query.limit, 1, kMaxPublicHistoryLimit);
  PublicHistoryPage page;
  bool found = true;
  Status st = db_.Read([&](SQLite::Database& db) {
    if (!query.number.empty()) found = storage::LoadMark(db, query.number).has_value();
    // The actor column is not read: it never leaves the registry this way.
    // Two statements, so one mark's page uses the index on number instead
    // of walking every change since.
    storage::Query q(db,
                     query.number.empty()
                         ? "SELECT id, number, kind, at, reason, valid_from, valid_until, log_index FROM mark_events "
                           "WHERE (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3"
                         : "SELECT id, number, kind, at, reason, valid_from, valid_until, log_index FROM mark_events "
                           "WHERE number = ?1 AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3");
    if (!query.number.empty()) q->bind(1, query.number);
    q->bind(2, static_cast<int64_t>(query.before));
    q->bind(3, limit + 1);  // one more tells whether an older page exists
    while (q->executeStep()) {
      PublicEvent e;
      e.id = q->getColumn(0).getInt64();
      e.number = q->getColumn(1).getString();
      e.kind = q->getColumn(2).getString();
      e.at = ParseInstant(q->getColumn(3).getString()).value_or(Instant{});
      if (HasPublicReason(e.kind)) e.reason = q->getColumn(4).getString();
      e.valid_from = ParseDate(q->getColumn(5).getString()).value_or(Date{});
      e.valid_until = ParseDate(q->getColumn(6).getString()).value_or(Date{});
      if (!q->getColumn(7).isNull()) e.log_index = q->getColumn(7).getInt64();
      page.events.push_back(std::move(e));
    }
    return Status{};
  });
  if (!st) return st.error();
  if (!found) return Error::Make(ErrorCode::kNotFound, "no mark numbered " + query.number);
  if (static_cast<int>(page.events.size()) > limit) {
    page.events.pop_back();
    page.next_before = page.events.back().id;
  }
  return page;
}

using nlohmann::json;

json PublicEventJson(const MarkEvent& e) {
  json j = {{"kind", e.kind},
            {"at", FormatInstant(e.at)},
            {"valid_from", FormatDate(e.valid_from)},
            {"valid_until", FormatDate(e.valid_until)}};
  if (HasPublicReason(e.kind)) j["reason"] = e.reason;
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

}  // namespace mark::registry
