// markctl keys generate|list|rotate|retire|bind|log-init|webhook-init: the
// registry's signing keys and the keys beside them. The passphrase that
// encrypts secret keys at rest comes from MARK_KEY_PASSPHRASE, never from
// the command line (it would show in `ps` and shell history).
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "command.h"
#include "registry_access.h"
#include "common/clock.h"
#include "crypto/key_store.h"
#include "registry/ids.h"
#include "registry/key_usage.h"
#include "notify/webhook_key.h"
#include "tlog/log_key.h"

namespace markctl::cmd_keys {
namespace {

namespace crypto = mark::crypto;

int Usage(const std::string& why) {
  std::cerr << "markctl keys: " << why << "\n"
            << "usage: markctl keys generate|list|rotate|log-init|webhook-init --keys DIR\n"
            << "       markctl keys retire KID --keys DIR [--db PATH]\n"
            << "       markctl keys bind --keys DIR (--db PATH | --state DIR)\n";
  return 2;
}

// The keys kept beside the signing keys, each made once and never rotated:
// the transparency log's (tlog/log_key.h) and the one sealing webhook
// secrets (notify/webhook_key.h). `what` names it in messages.
template <typename Key>
int EnsureKeyBeside(const std::filesystem::path& dir, const char* what, const char* file) {
  auto made = Key::CreateIfMissing(dir);
  if (!made) {
    std::cerr << "markctl keys: " << what << ": " << made.error().message << "\n";
    return 2;
  }
  if (*made) std::cerr << "new " << what << " " << (dir / file).string() << "\n";
  return 0;
}

// The command line of one sub-command, parsed.
struct KeysCall {
  Parsed& p;
  const std::string& sub;
  const std::filesystem::path& dir;
  const mark::Clock& clock;
};

// log-init, webhook-init: the key made if missing, then opened as markd
// opens it (so a key file it would refuse is refused here).
template <typename Key>
int InitKeyBeside(const KeysCall& c, const char* what, const char* file) {
  if (int rc = EnsureKeyBeside<Key>(c.dir, what, file); rc != 0) return rc;
  auto key = Key::Load(c.dir);
  if (!key) {
    std::cerr << "markctl keys " << c.sub << ": " << key.error().message << "\n";
    return 2;
  }
  return 0;
}
int LogInit(const KeysCall& c) {
  return InitKeyBeside<mark::tlog::LogKey>(c, "transparency log key", mark::tlog::kLogKeyFile);
}
int WebhookInit(const KeysCall& c) {
  return InitKeyBeside<mark::notify::WebhookKey>(c, "webhook key", mark::notify::kWebhookKeyFile);
}

// generate: a new key folder (signing key, log key, webhook key, registry
// id); rotate: a new active signing key beside the old ones.
int GenerateOrRotate(const KeysCall& c) {
  const bool new_folder = !std::filesystem::exists(c.dir / "keys.json");
  const bool generate = c.sub == "generate";
  auto kid = generate ? crypto::KeyStore::Generate(c.dir, KeyPassphrase(), c.clock)
                      : crypto::KeyStore::Rotate(c.dir, KeyPassphrase(), c.clock);
  if (!kid) {
    std::cerr << "markctl keys " << c.sub << ": " << kid.error().message << "\n";
    return 2;
  }
  if (generate) {
    if (int rc = EnsureKeyBeside<mark::tlog::LogKey>(c.dir, "transparency log key", mark::tlog::kLogKeyFile); rc != 0)
      return rc;
    if (int rc = EnsureKeyBeside<mark::notify::WebhookKey>(c.dir, "webhook key", mark::notify::kWebhookKeyFile);
        rc != 0)
      return rc;
  }
  // A new key set signs for a new registry (registry/registry_state.h).
  // An older folder that names none is left so: it may already sign for a
  // registry, which `keys bind` names.
  if (new_folder) {
    if (auto st = crypto::KeyStore::SetRegistryId(c.dir, mark::registry::NewId("reg_")); !st) {
      std::cerr << "markctl keys " << c.sub << ": " << st.error().message << "\n";
      return 2;
    }
  }
  std::cout << *kid << "\n";
  std::cerr << "new active key " << *kid << (KeyPassphrase() ? " (encrypted)" : "") << " in " << c.dir.string() << "\n";
  return 0;
}

// Names the registry an older key folder signs for: the one its state
// (beside --db, or --state) records.
int Bind(const KeysCall& c) {
  if (!c.p.Get("db") && !c.p.Get("state")) return Usage("bind needs --db PATH or --state DIR");
  const auto state_dir =
      c.p.Get("db") ? StateDirFor(*c.p.Get("db"), c.p.Get("state")) : std::filesystem::path(*c.p.Get("state"));
  auto record = mark::registry::StateFolder(state_dir).Read();
  if (!record) {
    std::cerr << "markctl keys bind: " << record.error().message << "\n";
    return 2;
  }
  if (!*record || (*record)->registry_id.empty()) {
    std::cerr << "markctl keys bind: the state in " << state_dir.string()
              << " names no registry yet (markd names one when it first starts)\n";
    return 2;
  }
  auto current = crypto::KeyStore::RegistryId(c.dir);
  if (!current) {
    std::cerr << "markctl keys bind: " << current.error().message << "\n";
    return 2;
  }
  const std::string& id = (*record)->registry_id;
  if (!current->empty() && *current != id) {
    std::cerr << "markctl keys bind: the keys in " << c.dir.string() << " sign for registry " << *current << ", not "
              << id << "; a key set signs for one registry\n";
    return 2;
  }
  if (auto st = crypto::KeyStore::SetRegistryId(c.dir, id); !st) {
    std::cerr << "markctl keys bind: " << st.error().message << "\n";
    return 2;
  }
  std::cerr << "the keys in " << c.dir.string() << " sign for registry " << id << "\n";
  return 0;
}

int List(const KeysCall& c) {
  auto keys = crypto::KeyStore::List(c.dir);
  if (!keys) {
    std::cerr << "markctl keys list: " << keys.error().message << "\n";
    return 2;
  }
  for (const auto& k : *keys) std::cout << k.kid << "  " << crypto::ToString(k.state) << "  " << k.created_at << "\n";
  auto id = crypto::KeyStore::RegistryId(c.dir);
  if (id)
    std::cerr << "these keys sign for " << (id->empty() ? "no named registry (markctl keys bind)" : "registry " + *id)
              << "\n";
  return 0;
}

// Retires KID (p.positional[1]) once no mark's current certificate needs it.
int Retire(const KeysCall& c) {
  const std::string kid = c.p.positional[1];
  // Refuse an unknown or active kid before asking the database anything.
  auto keys = crypto::KeyStore::List(c.dir);
  if (!keys) {
    std::cerr << "markctl keys retire: " << keys.error().message << "\n";
    return 2;
  }
  bool known = false;
  for (const auto& k : *keys) {
    if (k.kid != kid) continue;
    known = true;
    if (k.state == crypto::KeyState::kActive) {
      std::cerr << "markctl keys retire: " << kid << " is the active signing key; rotate first\n";
      return 2;
    }
  }
  if (!known) {
    std::cerr << "markctl keys retire: no key " << kid << " in " << c.dir.string() << "\n";
    return 2;
  }
  // A retired key verifies nothing, so no mark's current certificate may
  // still need it (an expired or revoked mark's page checks its signature
  // too): they are re-signed first (certificates reissue --kid), never
  // retired past. The markd default database when no --db is given.
  std::string db = c.p.GetOr("db", "");
  if (db.empty() && std::filesystem::exists("data/registry.db")) db = "data/registry.db";
  if (db.empty()) {
    std::cerr << "markctl keys retire: give the registry's database (--db PATH) so it can check that no "
                 "current certificate is signed by "
              << kid << "\n";
    return 2;
  }
  auto usage = mark::CountCurrentCertificatesByKid(db, kid, c.clock.Now());
  if (!usage) {
    std::cerr << "markctl keys retire: " << usage.error().message << "\n";
    return 2;
  }
  if (usage->current > 0) {
    std::cerr << "markctl keys retire: " << usage->current << " current certificate"
              << (usage->current == 1 ? " is" : "s are") << " still signed by " << kid << " (" << usage->live
              << " of them valid now); re-sign them with the active key first: markctl "
              << "certificates reissue --kid " << kid << " --db " << db << " --keys " << c.dir.string() << "\n";
    return 1;
  }
  auto st = crypto::KeyStore::Retire(c.dir, kid);
  if (!st) {
    std::cerr << "markctl keys retire: " << st.error().message << "\n";
    return 2;
  }
  std::cerr << "retired " << kid << "; it is no longer published in the JWKS\n";
  return 0;
}

struct SubCommand {
  std::string_view name;
  size_t positional;  // with the sub-command's own name
  int (*run)(const KeysCall&);
};
constexpr SubCommand kSubCommands[] = {
    {"generate", 1, &GenerateOrRotate},
    {"rotate", 1, &GenerateOrRotate},
    {"list", 1, &List},
    {"bind", 1, &Bind},
    {"retire", 2, &Retire},
    {"log-init", 1, &LogInit},
    {"webhook-init", 1, &WebhookInit},
};

int Run(const Args& raw_args) {
  // A kid is base64url and may start with "--"; take it before flag parsing.
  Args args = raw_args;
  std::optional<std::string> retire_kid;
  if (args.size() >= 2 && args[0] == "retire" && args[1].size() == 43) {
    retire_kid = args[1];
    args.erase(args.begin() + 1);
  }
  auto p = ParseArgs(args, {"keys", "db", "state"});
  if (!p.error.empty()) return Usage(p.error);
  if (p.positional.empty()) return Usage("missing sub-command");
  const std::string sub = p.positional[0];
  auto dir_opt = p.Get("keys");
  if (!dir_opt) return Usage("--keys DIR is required");
  const std::filesystem::path dir = *dir_opt;
  if (retire_kid) p.positional.insert(p.positional.begin() + 1, *retire_kid);
  for (const SubCommand& c : kSubCommands) {
    if (c.name != sub) continue;
    if (p.positional.size() != c.positional)
      return c.positional == 2 ? Usage(sub + " takes one KID") : Usage("unexpected argument " + p.positional[1]);
    return c.run(KeysCall{p, sub, dir, ProcessClock()});
  }
  return Usage("unknown sub-command " + sub);
}

bool registered = RegisterCommand(
    {"keys",
     "  markctl keys generate|list|rotate --keys DIR     signing keys (MARK_KEY_PASSPHRASE encrypts)\n"
     "  markctl keys retire KID --keys DIR [--db PATH]       (once no current certificate uses it)\n"
     "  markctl keys bind --keys DIR (--db PATH | --state DIR)  name the registry an older key folder signs for\n"
     "  markctl keys log-init --keys DIR                  the transparency log key (once; never rotates)\n"
     "  markctl keys webhook-init --keys DIR              the key sealing webhook secrets (once)",
     &Run});

}  // namespace
}  // namespace markctl::cmd_keys
