// markctl registry new --acknowledge-new-registry: starts a new registry with
// an existing key folder, deliberately (registry/registry_state.h). The keys
// and the state get a new registry id; the state keeps the highest serial the
// keys' previous registry ever used, so the new registry's numbers continue
// above it and no number is signed twice with these keys. markd (or the first
// markctl command that commits) then creates the database. The old database
// must be moved away first: it stays the record of the old registry.
#include <iostream>

#include "command.h"
#include "registry_access.h"
#include "common/decimal.h"
#include "common/jst.h"
#include "crypto/key_store.h"
#include "registry/ids.h"
#include "registry/registry_state.h"

namespace markctl::cmd_registry {
namespace {

namespace registry = mark::registry;

int Usage(const std::string& why) {
  std::cerr << "markctl registry: " << why << "\n"
            << "usage: markctl registry new --acknowledge-new-registry --keys DIR [--db PATH] [--state DIR]\n"
            << "                            [--serials-above N]\n";
  return 2;
}

int Fail(const std::string& why) {
  std::cerr << "markctl registry new: " << why << "\n";
  return 2;
}

int New(const Parsed& p) {
  if (!p.Get("keys")) return Usage("--keys DIR is required");
  const std::string keys = *p.Get("keys");
  const std::string db = p.GetOr("db", "data/registry.db");
  const auto dir = StateDirFor(db, p.Get("state"));
  long long above = 0;
  if (auto n = p.Get("serials-above")) {
    auto parsed = mark::ParseDecimal<long long>(*n, 0, 999'999'999);
    if (!parsed) return Usage("--serials-above must be a whole number from 0");
    above = *parsed;
  }
  if (!p.Has("acknowledge-new-registry"))
    return Fail("this starts a new, empty registry signed with the keys in " + keys +
                ": its marks, tokens and history start afresh (the old database stays the old registry's record). "
                "If that is what you want, pass --acknowledge-new-registry");
  std::error_code ec;
  for (const std::string& path : {db, db + "-wal"}) {
    if (std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) > 0)
      return Fail(path +
                  " exists: move the old registry's database (and its -wal file) away first; it stays "
                  "that registry's record");
  }
  auto keys_id = mark::crypto::KeyStore::RegistryId(keys);
  if (!keys_id) return Fail(keys_id.error().message);

  registry::StateFolder folder(dir);
  auto lock = folder.Acquire();
  if (!lock) return Fail(lock.error().message);
  auto read = folder.Read();
  if (!read) return Fail(read.error().message);
  registry::StateRecord next;
  next.registry_id = registry::NewId("reg_");
  next.previous_registry_id = *read && !(*read)->registry_id.empty() ? (*read)->registry_id : *keys_id;
  next.highest_serial = std::max(above, *read ? (*read)->highest_serial : 0);
  next.awaiting_database = true;
  next.updated_at = mark::FormatInstant(ProcessClock().Now());
  // The state first: should the keys not follow (a crash), markd refuses
  // the pair and this command is simply run again.
  if (auto st = folder.Write(next); !st) return Fail(st.error().message);
  if (auto st = mark::crypto::KeyStore::SetRegistryId(keys, next.registry_id); !st) return Fail(st.error().message);
  std::cerr << "new registry " << next.registry_id << " for the keys in " << keys << " (state " << dir.string() << ")";
  if (!next.previous_registry_id.empty()) std::cerr << "; previous registry " << next.previous_registry_id;
  std::cerr << "; serials continue above " << next.highest_serial << "; markd creates " << db
            << " when it next starts\n";
  std::cout << next.registry_id << "\n";
  return 0;
}

int Run(const Args& args) {
  auto p = ParseArgs(args, {"keys", "db", "state", "serials-above"}, {"acknowledge-new-registry"});
  if (!p.error.empty()) return Usage(p.error);
  if (p.positional.size() != 1 || p.positional[0] != "new") return Usage("expected new");
  return New(p);
}

const bool registered = RegisterCommand(
    {"registry",
     "  markctl registry new --acknowledge-new-registry --keys DIR [--db PATH] [--state DIR] [--serials-above N]\n"
     "      a new, empty registry with these keys; serials continue above the previous registry's",
     &Run});

}  // namespace
}  // namespace markctl::cmd_registry
