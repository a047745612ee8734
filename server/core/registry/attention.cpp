#include "registry/attention.h"

#include "registry/failed_attempts.h"
#include "registry/attention_dated.h"
#include "registry/identifiers.h"
#include "storage/lookalike_keys.h"
#include "registry/reports.h"
#include "storage/query.h"
#include "storage/rows.h"

namespace mark::registry {

using nlohmann::json;

namespace {

using Collector = void (*)(SQLite::Database& db, std::vector<AttentionItem>& out);
// A kind that depends on the date (attention_dated.h).
using DatedCollector = void (*)(SQLite::Database& db, Instant now, std::vector<AttentionItem>& out);

// Same and look-alike SSIDs of different operators: one item per pair.
void CollectSsids(SQLite::Database& db, std::vector<AttentionItem>& out, bool same) {
  for (SsidPair& p : SsidPairs(db)) {
    if ((p.ssid == p.other_ssid) != same) continue;
    AttentionItem item;
    item.kind = same ? AttentionKind::kSharedSsid : AttentionKind::kLookalikeSsid;
    item.mark = p.number;
    item.service = p.service_id;
    item.detail = same ? "SSID \"" + p.ssid + "\" of " + Who(db, p.service_id, p.number) + " is also used by " +
                             Who(db, p.other_service_id, p.other_number)
                       : "SSID \"" + p.ssid + "\" of " + Who(db, p.service_id, p.number) + " looks like \"" +
                             p.other_ssid + "\" of " + Who(db, p.other_service_id, p.other_number);
    item.facts = {{"ssid", p.ssid},
                  {"other",
                   {{"mark", p.other_number.empty() ? json(nullptr) : json(p.other_number)},
                    {"service", p.other_service_id},
                    {"ssid", p.other_ssid}}}};
    out.push_back(std::move(item));
  }
}
void CollectSharedSsids(SQLite::Database& db, std::vector<AttentionItem>& out) { CollectSsids(db, out, true); }
void CollectLookalikeSsids(SQLite::Database& db, std::vector<AttentionItem>& out) { CollectSsids(db, out, false); }

// A name that is, or looks like, an earlier one of another operator: one
// item for the newer name, naming the older (storage/lookalike_keys.h).
json NamedJson(const storage::NamedThing& t) {
  const bool service = t.owner == storage::NameOwner::kService;
  return {{"owner", service ? "service" : "operator"},
          {"operator", t.operator_id},
          {"service", service ? json(t.id) : json(nullptr)},
          {"mark", t.number.empty() ? json(nullptr) : json(t.number)},
          {"field", t.field},
          {"name", t.name}};
}
std::string NamedWho(SQLite::Database& db, const storage::NamedThing& t) {
  if (t.owner == storage::NameOwner::kService) return Who(db, t.id, t.number);
  return "operator " + t.id;
}
void CollectLookalikeNames(SQLite::Database& db, std::vector<AttentionItem>& out) {
  for (const storage::LookalikeNamePair& p : storage::LookalikeNamePairs(db)) {
    const bool same = p.name.name == p.other.name;
    AttentionItem item;
    item.kind = AttentionKind::kLookalikeName;
    item.mark = p.name.number;
    if (p.name.owner == storage::NameOwner::kService) item.service = p.name.id;
    item.detail = p.name.field + " \"" + p.name.name + "\" of " + NamedWho(db, p.name) +
                  (same ? " is the same as " : " looks like ") + p.other.field + " \"" + p.other.name + "\" of " +
                  NamedWho(db, p.other);
    item.facts = NamedJson(p.name);
    item.facts.erase("mark");
    item.facts.erase("service");
    item.facts["same"] = same;
    item.facts["other"] = NamedJson(p.other);
    out.push_back(std::move(item));
  }
}

// Operators holding a mark that can still change (not revoked or returned)
// with no contact at all: their notices wait in the outbox.
void CollectNoContacts(SQLite::Database& db, std::vector<AttentionItem>& out) {
  storage::Query q(db,
                   "SELECT o.id, o.name, MIN(m.number), COUNT(m.number) FROM operators o "
                   "JOIN services s ON s.operator_id = o.id JOIN marks m ON m.service_id = s.id "
                   "WHERE m.state IN ('active', 'suspended') "
                   "AND NOT EXISTS (SELECT 1 FROM operator_contacts c WHERE c.operator_id = o.id) "
                   "GROUP BY o.id ORDER BY o.id");
  while (q->executeStep()) {
    AttentionItem item;
    item.kind = AttentionKind::kNoContacts;
    item.mark = q->getColumn(2).getString();
    item.detail = "operator " + q->getColumn(1).getString() + " (" + q->getColumn(0).getString() +
                  ") has no contacts: notices about its " + std::to_string(q->getColumn(3).getInt64()) +
                  " mark(s) cannot be sent";
    item.facts = {{"operator_id", q->getColumn(0).getString()}, {"marks", q->getColumn(3).getInt64()}};
    out.push_back(std::move(item));
  }
}

// Webhook deliveries that failed for good, until redelivered or skipped.
void CollectNoticeFailed(SQLite::Database& db, std::vector<AttentionItem>& out) {
  storage::Query q(db,
                   "SELECT id, kind, number, endpoint_id, last_error FROM outbox WHERE state = 'failed' ORDER BY id");
  while (q->executeStep()) {
    AttentionItem item;
    item.kind = AttentionKind::kNoticeFailed;
    item.mark = q->getColumn(2).getString();
    item.detail = q->getColumn(1).getString() + " to endpoint " + q->getColumn(3).getString() +
                  " failed: " + q->getColumn(4).getString() + " (redeliver or skip it in the console)";
    item.facts = {{"notice_id", q->getColumn(0).getInt64()}, {"endpoint_id", q->getColumn(3).getString()}};
    out.push_back(std::move(item));
  }
}

struct KindEntry {
  AttentionKind kind;
  std::string_view name;
  Collector collect;  // one of the two is set
  DatedCollector collect_dated = nullptr;
};
constexpr KindEntry kKinds[] = {
    {AttentionKind::kSharedSsid, "shared_ssid", &CollectSharedSsids},
    {AttentionKind::kLookalikeSsid, "lookalike_ssid", &CollectLookalikeSsids},
    {AttentionKind::kLookalikeName, "lookalike_name", &CollectLookalikeNames},
    {AttentionKind::kTokenFlood, "token_flood", &CollectTokenFloods},
    {AttentionKind::kOpenReports, "open_reports", &CollectOpenReports},
    {AttentionKind::kReportsDropped, "reports_dropped", &CollectReportDrops},
    {AttentionKind::kNoContacts, "no_contacts", &CollectNoContacts},
    {AttentionKind::kNoticeFailed, "notice_failed", &CollectNoticeFailed},
    {AttentionKind::kApplicationPending, "application_pending", nullptr, &CollectApplicationsPending},
    {AttentionKind::kFeeOverdue, "fee_overdue", nullptr, &CollectFeesOverdue},
    {AttentionKind::kFeeDueSoon, "fee_due_soon", nullptr, &CollectFeesDueSoon},
    {AttentionKind::kRenewalWindowOpen, "renewal_window_open", nullptr, &CollectRenewalWindowsOpen},
    {AttentionKind::kLapsingBeforeSession, "lapsing_before_session", nullptr, &CollectLapsingBeforeSession},
};

}  // namespace

std::string Who(SQLite::Database& db, const std::string& service_id, const std::string& number) {
  std::string who = number.empty() ? "service " + service_id : number;
  if (auto s = storage::LoadService(db, service_id)) {
    who += " " + s->name;
    if (auto op = storage::LoadOperator(db, s->operator_id)) who += " (" + op->name + ")";
  }
  return who;
}

std::string_view ToString(AttentionKind kind) {
  for (const KindEntry& k : kKinds)
    if (k.kind == kind) return k.name;
  return "unknown";
}

Result<AttentionList> CollectAttention(const storage::Database& db, Instant now) {
  AttentionList list;
  Status st = db.Read([&](SQLite::Database& c) {
    for (const KindEntry& k : kKinds) {
      const size_t before = list.items.size();
      if (k.collect_dated)
        k.collect_dated(c, now, list.items);
      else
        k.collect(c, list.items);
      list.counts[k.kind] = static_cast<long long>(list.items.size() - before);
    }
    return Status{};
  });
  if (!st) return st.error();
  return list;
}

json AttentionJson(const AttentionList& list) {
  json counts = json::object();
  for (const auto& [kind, n] : list.counts) counts[std::string(ToString(kind))] = n;
  json items = json::array();
  for (const AttentionItem& i : list.items) {
    json j = {{"kind", ToString(i.kind)},
              {"mark", i.mark.empty() ? json(nullptr) : json(i.mark)},
              {"service", i.service.empty() ? json(nullptr) : json(i.service)},
              {"detail", i.detail}};
    j.update(i.facts);
    items.push_back(std::move(j));
  }
  return {{"counts", std::move(counts)}, {"items", std::move(items)}};
}

}  // namespace mark::registry
