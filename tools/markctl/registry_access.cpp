// registry_access.h: how every markctl command opens the registry.
#include "registry_access.h"

#include <cstdlib>
#include <iostream>

#include "command.h"

namespace markctl {

namespace {

// How long a read waits for markd's writer before SQLite gives up.
constexpr int kBusyTimeoutMs = 5000;

}  // namespace

std::optional<std::string> KeyPassphrase() {
  const char* p = std::getenv("MARK_KEY_PASSPHRASE");
  if (p == nullptr || *p == '\0') return std::nullopt;
  return std::string(p);
}

std::filesystem::path StateDirFor(const std::string& db, const std::optional<std::string>& state_dir) {
  if (state_dir && !state_dir->empty()) return *state_dir;
  return mark::registry::DefaultStateDir(db);
}

std::unique_ptr<SQLite::Database> ReadOnlyConnection(const std::string& path) {
  return std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY, kBusyTimeoutMs);
}

mark::Result<std::unique_ptr<mark::storage::Database>> OpenReadOnly(const std::string& path) {
  return mark::storage::Database::Open(path, mark::storage::Database::Mode::kReadOnly);
}

mark::Result<std::unique_ptr<mark::storage::Database>> OpenOutsideState(const std::string& path) {
  return mark::storage::Database::Open(path);
}

std::optional<WritableRegistry> OpenForWrites(const std::string& who, const std::string& db,
                                              const std::string& state_dir, const std::string& keys_registry_id) {
  auto fail = [&](const std::string& why) {
    std::cerr << "markctl " << who << ": " << why << "\n";
    return std::nullopt;
  };
  const mark::registry::StatePaths paths{db, StateDirFor(db, state_dir), keys_registry_id};
  auto record = mark::registry::CheckBeforeOpen(paths);
  if (!record) return fail(record.error().message);
  auto opened = mark::storage::Database::Open(db);
  if (!opened) return fail(opened.error().message);
  // markd names a registry that nothing names yet; markctl leaves that to it.
  auto keeper = mark::registry::StateKeeper::Attach(**opened, paths, *record, ProcessClock(),
                                                    mark::registry::StateKeeper::NewId::kLeaveUnbound, "markctl");
  if (!keeper) return fail(keeper.error().message);
  return WritableRegistry{std::move(*opened), std::move(*keeper)};
}

mark::Result<mark::registry::IssuedCertificate> RecordsRegistry::Unsigned::Issue(const mark::MarkView&,
                                                                                 mark::Instant) const {
  return mark::Error::Make(mark::ErrorCode::kInternal, "markctl opened the registry without keys: it signs nothing");
}

std::unique_ptr<RecordsRegistry> RecordsRegistry::Open(const std::string& who, const std::string& db,
                                                       const std::string& state_dir) {
  auto opened = OpenForWrites(who, db, state_dir, "");
  if (!opened) return nullptr;  // OpenForWrites said why
  std::unique_ptr<RecordsRegistry> r(new RecordsRegistry());
  r->opened_ = std::move(*opened);
  r->registry_ = std::make_unique<mark::registry::Registry>(*r->opened_.db, ProcessClock(), r->issuer_,
                                                            mark::registry::RegistryConfig{});
  return r;
}

}  // namespace markctl
