#include "registry/key_usage.h"

#include <SQLiteCpp/Statement.h>

#include "common/jst.h"
#include "storage/database.h"

namespace mark {

Result<KeyUsage> CountCurrentCertificatesByKid(const std::string& db_path, const std::string& kid, Instant now) {
  auto db = storage::Database::Open(db_path, storage::Database::Mode::kReadOnly);
  if (!db) return std::move(db).error();
  KeyUsage usage;
  Status st = (*db)->Read([&](SQLite::Database& tx) {
    // Every mark's current certificate counts: an expired or revoked mark's
    // verify page still checks its signature.
    SQLite::Statement q(tx,
                        "SELECT COUNT(*), COALESCE(SUM(c.not_before <= ?2 AND c.expires > ?2 AND m.state IN ('active', "
                        "'suspended')), 0) "
                        "FROM marks m JOIN certificates c ON c.id = m.current_certificate_id WHERE c.kid = ?1");
    q.bind(1, kid);
    q.bind(2, FormatInstant(now));
    q.executeStep();
    usage.current = q.getColumn(0).getInt64();
    usage.live = q.getColumn(1).getInt64();
    return Status{};
  });
  if (!st) return st.error();
  return usage;
}

}  // namespace mark
