#include "registry/key_usage.h"

#include <SQLiteCpp/Statement.h>

#include "common/jst.h"
#include "registry/database.h"

namespace mark {

Result<int> CountCurrentCertificatesByKid(const std::string& db_path, const std::string& kid) {
  auto db = registry::Database::Open(db_path, registry::Database::Mode::kReadOnly);
  if (!db) return std::move(db).error();
  int count = 0;
  std::string now = FormatInstant(SystemClock().Now());
  Status st = (*db)->Read([&](SQLite::Database& tx) {
    // Current certificates of marks not revoked or returned and not yet
    // expired: those that would stop verifying if the key went.
    SQLite::Statement q(tx,
                        "SELECT COUNT(*) FROM marks m JOIN certificates c ON c.id = m.current_certificate_id "
                        "WHERE c.kid = ? AND c.expires > ? AND m.state NOT IN ('revoked', 'returned')");
    q.bind(1, kid);
    q.bind(2, now);
    q.executeStep();
    count = q.getColumn(0).getInt();
    return Status{};
  });
  if (!st) return st.error();
  return count;
}

}  // namespace mark
