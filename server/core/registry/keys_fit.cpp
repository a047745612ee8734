#include "registry/keys_fit.h"

#include <optional>
#include <string>

#include "storage/query.h"
#include "tlog/transparency_log.h"

namespace mark::registry {

namespace {

// The kids certificates were signed with, one index seek each (a registry
// has a handful of keys, and hundreds of thousands of certificates).
std::vector<std::string> CertificateKids(SQLite::Database& db) {
  std::vector<std::string> kids;
  storage::Query q(db, "SELECT kid FROM certificates WHERE kid > ? ORDER BY kid LIMIT 1");
  std::string after;
  for (;;) {
    q->bind(1, after);
    if (!q->executeStep()) break;
    after = q->getColumn(0).getString();
    q->reset();
    kids.push_back(after);
  }
  return kids;
}

struct KidUse {
  long long marks = 0;
  std::string example;  // a mark number
};

KidUse CurrentCertificatesOf(SQLite::Database& db, const std::string& kid) {
  storage::Query q(db,
                   "SELECT COUNT(*), MIN(m.number) FROM marks m JOIN certificates c ON c.id = m.current_certificate_id "
                   "WHERE c.kid = ?");
  q->bind(1, kid);
  q->executeStep();
  KidUse use;
  use.marks = q->getColumn(0).getInt64();
  if (!q->getColumn(1).isNull()) use.example = q->getColumn(1).getString();
  return use;
}

}  // namespace

Status CheckKeysFitRegistry(const storage::Database& db, const crypto::Jwks& published, const tlog::LogKey& log_key,
                            const std::filesystem::path& keys_dir) {
  const std::string manifest = (keys_dir / "keys.json").string();
  const std::string log_key_path = (keys_dir / tlog::kLogKeyFile).string();
  return db.Read([&](SQLite::Database& c) -> Status {
    for (const std::string& kid : CertificateKids(c)) {
      if (published.Find(kid)) continue;
      const KidUse use = CurrentCertificatesOf(c, kid);
      if (use.marks == 0) continue;  // only superseded certificates: no page checks them
      return Error::Make(ErrorCode::kConflict, manifest + " does not publish key " + kid +
                                                   ", which signs the current certificate of " +
                                                   std::to_string(use.marks) + " mark" + (use.marks == 1 ? "" : "s") +
                                                   " (e.g. " + use.example +
                                                   "): every one would show unknown_key; start markd with this "
                                                   "registry's own key folder (--keys), or put the key back");
    }
    auto latest = tlog::LatestStoredCheckpoint(c);
    if (!latest) return Status{};
    if (Status signed_by = tlog::CheckpointSignedBy(*latest, log_key); !signed_by)
      return Error::Make(ErrorCode::kConflict,
                         log_key_path + " is not this registry's log key: " + signed_by.error().message + " in " +
                             db.path() + "; start markd with this registry's own key folder (--keys)");
    return Status{};
  });
}

}  // namespace mark::registry
