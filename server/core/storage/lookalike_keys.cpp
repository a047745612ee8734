#include "storage/lookalike_keys.h"

#include <cstdint>
#include <algorithm>
#include <set>
#include <utility>

#include "common/jst.h"
#include "common/text.h"
#include "storage/query.h"
#include "storage/registry_meta.h"
#include "common/ssid_skeleton.h"

namespace mark::storage {

namespace {

// Moves when LookalikeKey's or SsidSkeleton's own rules change, so stored
// keys are made again as they are when ICU's data changes.
constexpr const char* kRulesVersion = "keys 1";
constexpr const char* kMetaKey = "lookalike_keys";

const char* OwnerName(NameOwner owner) { return owner == NameOwner::kOperator ? "operator" : "service"; }

// Inserts the two keys of a thing; on a stored one, `on_conflict` decides.
void UpsertNameKeys(SQLite::Database& db, const char* sql, NameOwner owner, const std::string& id,
                    const std::string& operator_id, const std::string& name, const std::string& name_en,
                    const std::string& named_at) {
  Query q(db, sql);
  for (const auto& [field, text] : {std::pair<const char*, const std::string&>{"name", name}, {"name_en", name_en}}) {
    q->bind(1, OwnerName(owner));
    q->bind(2, id);
    q->bind(3, field);
    q->bind(4, operator_id);
    q->bind(5, LookalikeKey(text));
    q->bind(6, named_at);
    q->exec();
    q->reset();
  }
}

constexpr const char* kStoreSql =
    "INSERT INTO name_keys (owner, id, field, operator_id, key, named_at) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (owner, id, field) DO UPDATE SET key = excluded.key, named_at = excluded.named_at "
    "WHERE name_keys.key <> excluded.key";
// A refresh changes keys, never when a thing was named.
constexpr const char* kRefreshSql =
    "INSERT INTO name_keys (owner, id, field, operator_id, key, named_at) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (owner, id, field) DO UPDATE SET key = excluded.key";

}  // namespace

void StoreNameKeys(SQLite::Database& db, NameOwner owner, const std::string& id, const std::string& operator_id,
                   const std::string& name, const std::string& name_en, Instant at) {
  UpsertNameKeys(db, kStoreSql, owner, id, operator_id, name, name_en, FormatInstant(at));
}

std::vector<LookalikeNamePair> LookalikeNamePairs(SQLite::Database& db) {
  Query q(db, R"sql(
SELECT k.key, k.owner, k.id, k.field, k.operator_id, k.named_at,
       CASE WHEN k.owner = 'operator' AND k.field = 'name' THEN o.name
            WHEN k.owner = 'operator' THEN o.name_en
            WHEN k.field = 'name' THEN s.name
            ELSE s.name_en END,
       COALESCE(m.number, '')
FROM name_keys k
LEFT JOIN operators o ON k.owner = 'operator' AND o.id = k.id
LEFT JOIN services s ON k.owner = 'service' AND s.id = k.id
LEFT JOIN marks m ON m.service_id = s.id
WHERE k.key IN (SELECT key FROM name_keys GROUP BY key HAVING COUNT(DISTINCT operator_id) > 1)
  AND COALESCE(m.state, '') <> 'returned'
ORDER BY k.key, k.named_at, k.rowid
)sql");
  std::vector<LookalikeNamePair> candidates;
  // One key's things, oldest first; named at the same instant, the one
  // written first (rowid: an update keeps it) is the older.
  std::vector<NamedThing> group;
  std::string group_key;
  auto pair_group = [&] {
    for (size_t i = 1; i < group.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (group[j].operator_id == group[i].operator_id) continue;
        candidates.push_back({group[i], group[j]});  // the earliest of another operator
        break;
      }
    }
    group.clear();
  };
  while (q->executeStep()) {
    std::string key = q->getColumn(0).getString();
    if (key != group_key) pair_group();
    group_key = std::move(key);
    NamedThing t;
    t.owner = q->getColumn(1).getString() == "operator" ? NameOwner::kOperator : NameOwner::kService;
    t.id = q->getColumn(2).getString();
    t.field = q->getColumn(3).getString();
    t.operator_id = q->getColumn(4).getString();
    t.named_at = q->getColumn(5).getString();
    t.name = q->getColumn(6).getString();
    t.number = q->getColumn(7).getString();
    group.push_back(std::move(t));
  }
  pair_group();
  // Two operators are paired once, by the name that first made them alike.
  std::stable_sort(candidates.begin(), candidates.end(), [](const LookalikeNamePair& a, const LookalikeNamePair& b) {
    return a.name.named_at < b.name.named_at;
  });
  std::vector<LookalikeNamePair> out;
  std::set<std::pair<std::string, std::string>> paired;
  for (LookalikeNamePair& p : candidates) {
    auto ops = std::minmax(p.name.operator_id, p.other.operator_id);
    if (paired.insert({ops.first, ops.second}).second) out.push_back(std::move(p));
  }
  return out;
}

std::string LookalikeKeysVersion() { return TextDataVersion() + "; " + kRulesVersion; }

bool LookalikeKeysCurrent(SQLite::Database& db) {
  Query q(db, "SELECT value FROM registry_meta WHERE key = ?");
  q->bind(1, kMetaKey);
  return q->executeStep() && q->getColumn(0).getString() == LookalikeKeysVersion();
}

void RefreshLookalikeKeys(SQLite::Database& db) {
  struct Named {
    std::string id, operator_id, name, name_en, created_at;
  };
  std::vector<Named> operators, services;
  {
    Query q(db, "SELECT id, name, name_en, created_at FROM operators");
    while (q->executeStep())
      operators.push_back({q->getColumn(0).getString(), q->getColumn(0).getString(), q->getColumn(1).getString(),
                           q->getColumn(2).getString(), q->getColumn(3).getString()});
  }
  {
    Query q(db, "SELECT id, operator_id, name, name_en, created_at FROM services");
    while (q->executeStep())
      services.push_back({q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getString(),
                          q->getColumn(3).getString(), q->getColumn(4).getString()});
  }
  for (const Named& n : operators)
    UpsertNameKeys(db, kRefreshSql, NameOwner::kOperator, n.id, n.operator_id, n.name, n.name_en, n.created_at);
  for (const Named& n : services)
    UpsertNameKeys(db, kRefreshSql, NameOwner::kService, n.id, n.operator_id, n.name, n.name_en, n.created_at);

  struct Ssid {
    std::string service_id;
    int64_t position;
    std::string ssid;
  };
  std::vector<Ssid> ssids;
  {
    Query q(db, "SELECT service_id, position, ssid FROM service_ssids");
    while (q->executeStep())
      ssids.push_back({q->getColumn(0).getString(), q->getColumn(1).getInt64(), q->getColumn(2).getString()});
  }
  Query u(db, "UPDATE service_ssids SET skeleton = ? WHERE service_id = ? AND position = ?");
  for (const Ssid& s : ssids) {
    u->bind(1, SsidSkeleton(s.ssid));
    u->bind(2, s.service_id);
    u->bind(3, s.position);
    u->exec();
    u->reset();
  }
  SetRegistryMeta(db, kMetaKey, LookalikeKeysVersion());
}

}  // namespace mark::storage
