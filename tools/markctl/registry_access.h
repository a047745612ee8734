// How markctl's sub-commands open the registry: the one place that reads the
// key passphrase, opens the database and puts a Registry over it, so every
// command opens it the way markd does and none builds its own. Four ways in:
//   - ReadOnlyConnection / OpenReadOnly: the commands that only read (check,
//     clock show, state, backup's check of its copy): no keys, no state
//     checks, nothing written;
//   - OpenForWrites: the commands that commit without signing (token, clock
//     accept-earlier), behind the registry state's checks;
//   - RecordsRegistry: a Registry for writes that sign nothing (criteria
//     import keeps a review record), opened like OpenForWrites, with no key;
//   - SigningRegistry (signing_registry.h): keys, database, stored issuer and
//     a Registry that signs, for demo, bench-seed, amend, reissue, export.
// OpenOutsideState is for the two commands that must stand outside the state's
// checks (backup's source, state accept-rollback). Messages go to stderr as
// "markctl WHO: why" (command.h's convention); callers return 2 then.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "common/result.h"
#include "registry/certificate_issuer.h"
#include "storage/database.h"
#include "registry/registry.h"
#include "registry/registry_state.h"

namespace markctl {

// The passphrase that unlocks secret signing keys at rest: MARK_KEY_PASSPHRASE,
// never a flag (a flag shows in `ps` and shell history). nullopt when unset or
// empty.
std::optional<std::string> KeyPassphrase();

// --state DIR, or "state" beside `db`.
std::filesystem::path StateDirFor(const std::string& db, const std::optional<std::string>& state_dir);

// A plain read-only SQLite connection to `path` that waits up to 5 s for
// markd's writer: no schema check and no migration, so a damaged file is the
// caller's to find and report (check runs integrity_check on it). Throws
// SQLite::Exception as SQLiteCpp does (a missing file, not a database).
std::unique_ptr<SQLite::Database> ReadOnlyConnection(const std::string& path);

// The registry's Database read-only (its schema checked as Database::Open
// does), without keys or the state's checks.
mark::Result<std::unique_ptr<mark::storage::Database>> OpenReadOnly(const std::string& path);

// The database of a command that commits (token, criteria import, clock
// accept-earlier, and through SigningRegistry demo, bench-seed, amend,
// reissue), opened behind the registry state's checks
// (registry/registry_state.h): a database that went back in time, or is
// missing beside a state with history, is refused; a new one is bound to its
// registry; the state is recorded after every commit. `state_dir` "" means
// "state" beside `db`; `keys_registry_id` is the key set's ("" when the
// command has no keys). On failure prints "markctl WHO: why" and returns
// nullopt.
struct WritableRegistry {
  std::unique_ptr<mark::storage::Database> db;
  std::shared_ptr<mark::registry::StateKeeper> keeper;
};
std::optional<WritableRegistry> OpenForWrites(const std::string& who, const std::string& db,
                                              const std::string& state_dir, const std::string& keys_registry_id);

// Read-write without the registry state's checks or record: only for what
// must stand outside them (backup copies whatever the file holds; state
// accept-rollback makes the state follow the database). Creates `path` when
// missing, as Database::Open does.
mark::Result<std::unique_ptr<mark::storage::Database>> OpenOutsideState(const std::string& path);

// A Registry for writes that issue no certificate (criteria import: review
// records through review_records/review_store.h), over OpenForWrites. No key is
// opened, so its certificate issuer refuses every certificate: a write that
// would sign fails instead of signing with nothing.
class RecordsRegistry {
 public:
  // nullptr after printing one line "markctl WHO: why" on stderr.
  static std::unique_ptr<RecordsRegistry> Open(const std::string& who, const std::string& db,
                                               const std::string& state_dir);
  mark::registry::Registry& registry() { return *registry_; }

 private:
  // Refuses every certificate: this opening holds no key.
  class Unsigned final : public mark::registry::CertificateIssuer {
   public:
    mark::Result<mark::registry::IssuedCertificate> Issue(const mark::MarkView&, mark::Instant) const override;
  };
  RecordsRegistry() = default;
  WritableRegistry opened_;
  Unsigned issuer_;
  std::unique_ptr<mark::registry::Registry> registry_;
};

}  // namespace markctl
