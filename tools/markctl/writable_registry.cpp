// OpenForWrites (command.h): what every markctl command that commits opens.
#include <iostream>

#include "command.h"

namespace markctl {

std::filesystem::path StateDirFor(const std::string& db, const std::optional<std::string>& state_dir) {
  if (state_dir && !state_dir->empty()) return *state_dir;
  return mark::registry::DefaultStateDir(db);
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
  auto opened = mark::registry::Database::Open(db);
  if (!opened) return fail(opened.error().message);
  // markd names a registry that nothing names yet; markctl leaves that to it.
  auto keeper = mark::registry::StateKeeper::Attach(**opened, paths, *record, ProcessClock(),
                                                    mark::registry::StateKeeper::NewId::kLeaveUnbound, "markctl");
  if (!keeper) return fail(keeper.error().message);
  return WritableRegistry{std::move(*opened), std::move(*keeper)};
}

}  // namespace markctl
