#include "storage/registry_meta.h"

#include "storage/query.h"

namespace mark::storage {

void SetRegistryMeta(SQLite::Database& tx, const std::string& key, const std::string& value) {
  Query q(tx,
          "INSERT INTO registry_meta (key, value) VALUES (?, ?) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  q->bind(1, key);
  q->bind(2, value);
  q->exec();
}

}  // namespace mark::storage
