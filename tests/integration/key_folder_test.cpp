// markd refuses a wrong key folder before it listens (exit 2, one line
// naming the problem and the file): a folder others can write in, a key file
// that is a link, a FIFO or another user's, a fresh or foreign folder whose
// keys did not sign the current certificates, a log key from elsewhere. A
// FIFO never hangs the start, and SIGTERM stops a start-up that waits.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/process.h"

namespace fs = std::filesystem;
using mark::testing::ChildProcess;
using mark::testing::Has;
using mark::testing::TestRegistry;
using nlohmann::json;

namespace {

constexpr std::chrono::seconds kStartDeadline{20};

// A copy of the registry's key folder, modes and all, the folder 0700.
fs::path CopyKeyFolder(TestRegistry& reg, const std::string& name) {
  const fs::path copy = reg.dir() / name;
  fs::copy(reg.keys(), copy, fs::copy_options::recursive);
  fs::permissions(copy, fs::perms::owner_all);
  return copy;
}

std::string ActiveKid(const fs::path& keys) {
  std::ifstream in(keys / "keys.json");
  return json::parse(in)["active"].get<std::string>();
}

// markd on the registry's database with `keys`, started and left running.
std::unique_ptr<ChildProcess> StartMarkdWithKeys(TestRegistry& reg, const fs::path& keys,
                                                 const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv{mark::testing::MarkdPath(),
                                "--db",
                                reg.db().string(),
                                "--keys",
                                keys.string(),
                                "--listen",
                                "127.0.0.1:0",
                                "--static",
                                std::string(MARK_SOURCE_DIR) + "/static"};
  for (const auto& a : reg.clock().Args()) argv.push_back(a);
  argv.insert(argv.end(), extra.begin(), extra.end());
  return ChildProcess::Start(argv);
}

// Starts markd with `keys` and insists it refuses: exit 2 within the
// deadline, never listening, one line on stderr holding every one of `parts`.
void ExpectKeyFolderRefused(TestRegistry& reg, const fs::path& keys, const std::vector<std::string>& parts) {
  auto markd = StartMarkdWithKeys(reg, keys);
  const int code = markd->WaitExit(kStartDeadline);
  const std::string err = markd->Err();
  INFO("stderr: " << err);
  CHECK(code == 2);
  CHECK_FALSE(Has(markd->Out(), "listening on"));
  const std::string line = err.substr(0, err.find('\n'));
  CHECK(err.size() == line.size() + 1);  // one line
  for (const auto& part : parts) CHECK(Has(line, part));
}

// A registry with a mark (a current certificate, a signed checkpoint), markd stopped.
struct StoppedRegistry {
  TestRegistry reg;
  std::string number;
  StoppedRegistry() {
    number = reg.GrantSample();
    reg.markd().Stop();
  }
};

}  // namespace

TEST_CASE("markd starts with a faithful copy of its key folder", "[startup][keys]") {
  StoppedRegistry s;
  const fs::path keys = CopyKeyFolder(s.reg, "keys-copy");
  auto markd = StartMarkdWithKeys(s.reg, keys);
  CHECK(mark::testing::WaitUntil([&] { return Has(markd->Out(), "listening on"); }, kStartDeadline));
  markd->Signal(SIGTERM);
  CHECK(markd->WaitExit(kStartDeadline) == 0);
}

TEST_CASE("markd refuses a key folder others can write in", "[startup][keys]") {
  StoppedRegistry s;
  const fs::path keys = CopyKeyFolder(s.reg, "keys-open");
  fs::permissions(keys, fs::perms::owner_all | fs::perms::group_all);
  ExpectKeyFolderRefused(s.reg, keys, {"key folder " + keys.string(), "writable by group or others", "chmod 700"});
  fs::permissions(keys, fs::perms::owner_all | fs::perms::others_write);
  ExpectKeyFolderRefused(s.reg, keys, {keys.string(), "writable by group or others"});
}

TEST_CASE("markd refuses key files that are links, wherever they point", "[startup][keys]") {
  StoppedRegistry s;
  SECTION("keys.json linked to a copy outside the folder") {
    const fs::path keys = CopyKeyFolder(s.reg, "keys-link-out");
    fs::copy_file(keys / "keys.json", s.reg.dir() / "keys.json.elsewhere");
    fs::remove(keys / "keys.json");
    fs::create_symlink(s.reg.dir() / "keys.json.elsewhere", keys / "keys.json");
    ExpectKeyFolderRefused(s.reg, keys, {(keys / "keys.json").string(), "symbolic link"});
  }
  SECTION("the signing key linked to a file inside the folder") {
    const fs::path keys = CopyKeyFolder(s.reg, "keys-link-in");
    const fs::path key = keys / (ActiveKid(keys) + ".key");
    fs::rename(key, keys / "signing.secret");
    fs::create_symlink(keys / "signing.secret", key);
    ExpectKeyFolderRefused(s.reg, keys, {key.string(), "symbolic link"});
  }
  SECTION("log.key linked") {
    const fs::path keys = CopyKeyFolder(s.reg, "keys-link-log");
    fs::rename(keys / "log.key", s.reg.dir() / "log.key.elsewhere");
    fs::create_symlink(s.reg.dir() / "log.key.elsewhere", keys / "log.key");
    ExpectKeyFolderRefused(s.reg, keys, {(keys / "log.key").string(), "symbolic link"});
  }
}

TEST_CASE("markd refuses a FIFO in a key file's place at once, without waiting for a writer", "[startup][keys]") {
  StoppedRegistry s;
  for (const char* name : {"keys.json", "log.key", "*.key"}) {
    const fs::path keys = CopyKeyFolder(s.reg, std::string("keys-fifo-") + (name[0] == '*' ? "key" : name));
    const fs::path file = keys / (name[0] == '*' ? ActiveKid(keys) + ".key" : std::string(name));
    fs::remove(file);
    REQUIRE(mkfifo(file.c_str(), 0600) == 0);
    INFO(file);
    ExpectKeyFolderRefused(s.reg, keys, {file.string(), "a FIFO"});
  }
}

TEST_CASE("markd refuses key files of another user and secrets others may read", "[startup][keys]") {
  StoppedRegistry s;
  const fs::path keys = CopyKeyFolder(s.reg, "keys-modes");
  const fs::path key = keys / (ActiveKid(keys) + ".key");
  fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  ExpectKeyFolderRefused(s.reg, keys, {key.string(), "readable by group or others", "chmod 600"});
  fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);
  fs::permissions(keys / "keys.json", fs::perms::others_write, fs::perm_options::add);
  ExpectKeyFolderRefused(s.reg, keys, {(keys / "keys.json").string(), "writable by group or others"});
  fs::permissions(keys / "keys.json", fs::perms::others_write, fs::perm_options::remove);
  if (geteuid() != 0) return;  // only root can give a file away
  const fs::path jwk = keys / (ActiveKid(keys) + ".jwk");
  REQUIRE(chown(jwk.c_str(), 65534, static_cast<gid_t>(-1)) == 0);
  ExpectKeyFolderRefused(s.reg, keys, {jwk.string(), "owned by uid 65534"});
}

TEST_CASE("markd refuses a fresh key folder that did not sign the current certificates", "[startup][keys]") {
  StoppedRegistry s;
  const fs::path keys = s.reg.dir() / "keys-fresh";
  auto made = s.reg.Markctl({"keys", "generate", "--keys", keys.string()});
  REQUIRE(made.exit_code == 0);
  // The same registry id as the registry's own folder, so only the keys differ.
  json manifest = json::parse(mark::testing::ReadFile(keys / "keys.json"));
  const json own = json::parse(mark::testing::ReadFile(s.reg.keys() / "keys.json"));
  if (own.contains("registry_id"))
    manifest["registry_id"] = own["registry_id"];
  else
    manifest.erase("registry_id");
  { std::ofstream(keys / "keys.json") << manifest.dump(); }
  const std::string old_kid = ActiveKid(s.reg.keys());
  ExpectKeyFolderRefused(s.reg, keys,
                         {(keys / "keys.json").string(), old_kid, "1 mark (e.g. " + s.number + ")", "unknown_key"});
}

TEST_CASE("markd refuses a log key from elsewhere", "[startup][keys]") {
  StoppedRegistry s;
  const fs::path keys = CopyKeyFolder(s.reg, "keys-foreign-log");
  const fs::path other = s.reg.dir() / "other-keys";
  REQUIRE(s.reg.Markctl({"keys", "generate", "--keys", other.string()}).exit_code == 0);
  fs::copy_file(other / "log.key", keys / "log.key", fs::copy_options::overwrite_existing);
  ExpectKeyFolderRefused(s.reg, keys,
                         {(keys / "log.key").string(), "not this registry's log key", "not signed by this log key"});
}

TEST_CASE("SIGTERM stops markd while its start-up waits", "[startup][signals]") {
  StoppedRegistry s;
  // A test clock that is a FIFO: markd's start waits in its read until a
  // writer writes, which the test never does.
  const fs::path fifo = s.reg.dir() / "clock.fifo";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  std::vector<std::string> argv{mark::testing::MarkdPath(),
                                "--db",
                                s.reg.db().string(),
                                "--keys",
                                s.reg.keys().string(),
                                "--listen",
                                "127.0.0.1:0",
                                "--test-clock",
                                fifo.string()};
  auto markd = ChildProcess::Start(argv);
  // The FIFO opens for writing only once markd has it open for reading:
  // from then on markd is inside its start-up, waiting.
  int writer = -1;
  REQUIRE(mark::testing::WaitUntil(
      [&] {
        writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        return writer >= 0 || markd->WaitExit(std::chrono::milliseconds(0)) >= 0;
      },
      kStartDeadline));
  REQUIRE(writer >= 0);
  CHECK(markd->WaitExit(std::chrono::milliseconds(200)) == -1);  // still waiting
  markd->Signal(SIGTERM);
  const int code = markd->WaitExit(kStartDeadline);
  ::close(writer);
  INFO(markd->Err());
  CHECK(code == 0);
  CHECK(Has(markd->Err(), "stopping (signal 15) during start-up"));
}
