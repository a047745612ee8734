#include "registry/search_index.h"

#include <set>
#include <vector>

#include "common/search_key.h"
#include "storage/query.h"

namespace mark::registry {

void StoreSearchKeys(SQLite::Database& db, const std::string& service_id) {
  std::set<std::string> keys;
  auto add = [&](const std::string& text) {
    if (std::string k = SearchKey(text); !k.empty()) keys.insert(std::move(k));
  };
  {
    storage::Query q(db, R"sql(
SELECT s.name, s.name_en, o.name, o.name_en, o.corporate_number
FROM services s JOIN operators o ON o.id = s.operator_id WHERE s.id = ?)sql");
    q->bind(1, service_id);
    if (q->executeStep())
      for (int i = 0; i < 5; ++i) add(q->getColumn(i).getString());
  }
  for (const char* sql : {"SELECT venue FROM service_venues WHERE service_id = ?",
                          "SELECT ssid FROM service_ssids WHERE service_id = ?"}) {
    storage::Query q(db, sql);
    q->bind(1, service_id);
    while (q->executeStep()) add(q->getColumn(0).getString());
  }
  storage::Query del(db, "DELETE FROM search_keys WHERE service_id = ?");
  del->bind(1, service_id);
  del->exec();
  storage::Query ins(db, "INSERT INTO search_keys (service_id, key) VALUES (?, ?)");
  for (const std::string& k : keys) {
    ins->bind(1, service_id);
    ins->bind(2, k);
    ins->exec();
    ins->reset();
  }
}

void StoreOperatorSearchKeys(SQLite::Database& db, const std::string& operator_id) {
  std::vector<std::string> services;
  {
    storage::Query q(db, "SELECT id FROM services WHERE operator_id = ?");
    q->bind(1, operator_id);
    while (q->executeStep()) services.push_back(q->getColumn(0).getString());
  }
  for (const std::string& id : services) StoreSearchKeys(db, id);
}

}  // namespace mark::registry
