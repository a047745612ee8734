// markctl backup / restore: a consistent online copy of the registry while
// markd serves (SQLite's backup API), and putting one back.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <vector>

#include "command.h"
#include "registry_access.h"
#include "common/atomic_file.h"
#include "storage/database.h"
#include "registry/registry_state.h"

extern char** environ;

namespace markctl::cmd_backup {
namespace {

int Fail(const std::string& cmd, const std::string& why, int code = 2) {
  std::cerr << "markctl " << cmd << ": " << why << "\n";
  return code;
}

// The copy must open, pass SQLite's integrity check and carry our schema.
mark::Status CheckCopy(const std::string& path) {
  auto db = OpenReadOnly(path);
  if (!db) return db.error();
  if (auto st = (*db)->IntegrityCheck(); !st) return st;
  if ((*db)->schema_version() < 1) return mark::Error::Make(mark::ErrorCode::kInvalid, "not a registry database");
  return {};
}

// Runs `markctl check` (cmd_check.cpp) on the copy, as a separate process of
// this same program, so a backup is only kept once it audits clean.
int RunCheck(const std::string& db, const std::string& keys) {
  std::vector<std::string> argv{"/proc/self/exe", "check", "--db", db, "--keys", keys};
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  pid_t pid;
  if (posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, cargv.data(), environ) != 0) return 2;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}

int RunBackup(const Args& args) {
  auto p = ParseArgs(args, {"db", "out", "keys"});
  if (!p.error.empty() || !p.Get("db") || !p.Get("out"))
    return Fail("backup", (p.error.empty() ? std::string("--db and --out are required") : p.error) +
                              "\nusage: markctl backup --db PATH --out FILE [--keys DIR]");
  std::string out = *p.Get("out");
  if (std::filesystem::exists(out)) return Fail("backup", out + " exists; refusing to overwrite it");
  // Outside the state's checks: a backup copies whatever the file holds.
  auto db = OpenOutsideState(*p.Get("db"));
  if (!db) return Fail("backup", db.error().message);
  std::string tmp = out + ".partial";
  if (auto st = (*db)->Backup(tmp); !st) return Fail("backup", st.error().message);
  if (auto st = CheckCopy(tmp); !st) {
    std::filesystem::remove(tmp);
    return Fail("backup", "the copy failed its check: " + st.error().message);
  }
  // With the key folder, the copy must also pass the full audit.
  std::string keys = p.GetOr("keys", std::filesystem::exists("keys/keys.json") ? "keys" : "");
  if (!keys.empty()) {
    if (int rc = RunCheck(tmp, keys); rc != 0) {
      std::filesystem::remove(tmp);
      return Fail("backup", "the copy failed `markctl check`; nothing kept", 1);
    }
  }
  if (auto st = mark::ReplaceFileAtomic(tmp, out); !st) return Fail("backup", st.error().message);
  std::cerr << "backed up " << *p.Get("db") << " to " << out
            << (keys.empty() ? " (integrity checked; pass --keys DIR for the full audit)" : " (checked)") << "\n";
  return 0;
}

int RunRestore(const Args& args) {
  auto p = ParseArgs(args, {"db", "from", "keys", "state"}, {"force"});
  if (!p.error.empty() || !p.Get("db") || !p.Get("from"))
    return Fail(
        "restore",
        "usage: markctl restore --from FILE --db PATH [--keys DIR] [--state DIR] [--force]  (stop markd first)");
  std::string from = *p.Get("from"), to = *p.Get("db");
  if (auto st = CheckCopy(from); !st) return Fail("restore", from + " is not a sound backup: " + st.error().message);
  if (auto keys = p.Get("keys"); keys && RunCheck(from, *keys) != 0)
    return Fail("restore", from + " fails `markctl check`; not restored", 1);
  if (std::filesystem::exists(to) && !p.Has("force"))
    return Fail("restore", to + " exists; stop markd and pass --force to replace it");
  std::string tmp = to + ".restoring";
  std::error_code ec;
  std::filesystem::copy_file(from, tmp, std::filesystem::copy_options::overwrite_existing, ec);
  if (ec) return Fail("restore", "cannot copy: " + ec.message());
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(to + suffix, ec);
  if (auto st = mark::ReplaceFileAtomic(tmp, to); !st) return Fail("restore", st.error().message);
  std::cerr << "restored " << to << " from " << from << "\n";
  // A backup is older than the live registry: say what markd will make of
  // it (registry/registry_state.h) and how to go on.
  auto standing = mark::registry::CheckBeforeOpen({to, StateDirFor(to, p.Get("state")), ""});
  if (!standing) std::cerr << "markd will refuse it as it is: " << standing.error().message << "\n";
  return 0;
}

const bool registered_backup = RegisterCommand(
    {"backup", "  markctl backup --db PATH --out FILE [--keys DIR]  (runs markctl check on the copy)", &RunBackup});
const bool registered_restore = RegisterCommand(
    {"restore", "  markctl restore --from FILE --db PATH [--keys DIR] [--state DIR] [--force]", &RunRestore});

}  // namespace
}  // namespace markctl::cmd_backup
