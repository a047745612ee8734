// Storage faults: a full disk, a database that turned
// read-only, and a corrupt database at start are each met with a clear error
// and no damage to what was stored. The disk is a small tmpfs (needs root to
// mount; without it the full-disk case is skipped with a warning and the
// read-only case falls back to file permissions).
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/process.h"

using mark::testing::CopyDatabase;
using mark::testing::Markctl;
using mark::testing::MarkdProcess;
using mark::testing::RunCommand;
using mark::testing::TempDir;
using mark::testing::TestRegistry;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using mark::testing::ReadFile;

// A tmpfs of `size` mounted at `dir` for the guard's lifetime.
class Tmpfs {
 public:
  Tmpfs(const fs::path& dir, const std::string& size) : dir_(dir) {
    fs::create_directories(dir);
    if (::geteuid() != 0) return;
    mounted_ = RunCommand({"/bin/mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.string()}).exit_code == 0;
  }
  ~Tmpfs() {
    if (mounted_) RunCommand({"/bin/umount", "-l", dir_.string()});
  }
  bool mounted() const { return mounted_; }
  bool Remount(const std::string& how) {
    return RunCommand({"/bin/mount", "-o", "remount," + how, dir_.string()}).exit_code == 0;
  }

 private:
  fs::path dir_;
  bool mounted_ = false;
};

httplib::Result PostOperator(httplib::Client& c, const std::string& token, int n) {
  return c.Post("/api/v1/operators", {{"Authorization", "Bearer " + token}},
                json{{"name", "障害試験" + std::to_string(n)},
                     {"name_en", "Fault Test " + std::to_string(n)},
                     {"website", "https://fault" + std::to_string(n) + ".example.jp/"}}
                    .dump(),
                "application/json");
}

// markd on `db`, expected to refuse to start: its exit code and stderr.
mark::testing::CommandResult StartExpectingRefusal(const fs::path& db, const fs::path& keys) {
  return RunCommand({"/usr/bin/timeout", "20", mark::testing::MarkdPath(), "--db", db.string(), "--keys", keys.string(),
                     "--listen", "127.0.0.1:0", "--quiet"});
}

// Everything after SQLite's 100-byte file header: the stored data. (Opening
// a file switches it to WAL before the integrity check, which rewrites
// header bytes 18-19, 24-27 and 92-95 only.)
std::string StoredData(const fs::path& p) { return ReadFile(p).substr(100); }

}  // namespace

TEST_CASE("a full disk refuses writes with 503 and loses nothing", "[faults]") {
  TestRegistry reg({"--quiet"});
  const std::string number = reg.GrantSample("isp");
  REQUIRE(reg.Get("/healthz"));
  reg.markd().Kill();
  Tmpfs disk(reg.dir() / "small", "3m");
  if (!disk.mounted()) {
    WARN("cannot mount a tmpfs (not root?): the full-disk case is not tested here");
    return;
  }
  const fs::path db = reg.dir() / "small" / "registry.db";
  CopyDatabase(reg.db(), db);
  auto markd = MarkdProcess::Start({db, reg.keys(), {"--quiet"}, {}});
  auto client = markd->Client();
  auto first = PostOperator(*client, reg.token(), 1);
  REQUIRE(first);
  REQUIRE(first->status == 201);

  // Fill the disk to the last byte.
  const fs::path filler = reg.dir() / "small" / "filler";
  {
    std::ofstream out(filler, std::ios::binary);
    std::string chunk(64 * 1024, 'x');
    while (out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()))) {
    }
  }
  {
    std::ofstream top(filler, std::ios::binary | std::ios::app);
    std::string byte(1, 'x');
    for (int i = 0; i < 4096 && top.write(byte.data(), 1).flush(); ++i) {
    }
  }
  int unavailable = 0, other = 0;
  for (int n = 2; n < 60; ++n) {
    auto r = PostOperator(*client, reg.token(), n);
    REQUIRE(r);  // markd stays up
    if (r->status == 503) {
      ++unavailable;
      CHECK(r->get_header_value("Content-Type").rfind("application/problem+json", 0) == 0);
      CHECK(r->body.find("Bearer") == std::string::npos);
    } else if (r->status != 201) {
      ++other;
      INFO(r->status << " " << r->body);
      CHECK(false);
    }
  }
  CHECK(unavailable > 0);
  CHECK(other == 0);
  // Reads go on.
  auto mark = client->Get(("/api/v1/marks/" + number).c_str());
  REQUIRE(mark);
  CHECK(mark->status == 200);

  // Room again: writes resume, and nothing stored was damaged.
  fs::remove(filler);
  auto again = PostOperator(*client, reg.token(), 100);
  REQUIRE(again);
  CHECK(again->status == 201);
  REQUIRE(client->Get("/healthz"));
  CHECK(markd->Stop() == 0);
  auto check = Markctl({"check", "--db", db.string(), "--keys", reg.keys().string()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
}

TEST_CASE("a read-only database: a start is refused with exit 2, nothing changed", "[faults]") {
  TestRegistry reg({"--quiet"});
  reg.GrantSample("isp");
  REQUIRE(reg.Get("/healthz"));
  reg.markd().Kill();
  Tmpfs disk(reg.dir() / "ro", "16m");
  const fs::path db = reg.dir() / "ro" / "registry.db";
  CopyDatabase(reg.db(), db);

  if (disk.mounted()) {
    // The file system is read-only (remounting under a server that holds the
    // file open for writing is refused by the kernel, so this is at start).
    REQUIRE(disk.Remount("ro"));
    const std::string before = ReadFile(db);
    auto start = StartExpectingRefusal(db, reg.keys());
    INFO(start.err);
    CHECK(start.exit_code == 2);
    CHECK(start.err.rfind("markd: ", 0) == 0);
    CHECK(start.err.find(db.string()) != std::string::npos);
    CHECK(ReadFile(db) == before);
    REQUIRE(disk.Remount("rw"));
  } else {
    fs::permissions(db, fs::perms::owner_read);
    auto start = StartExpectingRefusal(db, reg.keys());
    INFO(start.err);
    CHECK(start.exit_code == 2);
    fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write);
  }
  auto check = Markctl({"check", "--db", db.string(), "--keys", reg.keys().string()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
}

TEST_CASE("a corrupt database stops markd at start with exit 2 and is left as it was", "[faults]") {
  TestRegistry reg({"--quiet"});
  reg.GrantSample("isp");
  reg.GrantSample("wifi");
  REQUIRE(reg.Get("/healthz"));
  CHECK(reg.markd().Stop() == 0);

  SECTION("garbage over the header") {
    const fs::path copy = reg.dir() / "header.db";
    CopyDatabase(reg.db(), copy);
    {
      std::fstream f(copy, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(0);
      f.write("this is no sqlite", 16);
    }
    const std::string before = ReadFile(copy);
    auto start = StartExpectingRefusal(copy, reg.keys());
    INFO(start.err);
    CHECK(start.exit_code == 2);
    CHECK(start.err.rfind("markd: ", 0) == 0);
    CHECK(start.err.find(copy.string()) != std::string::npos);
    CHECK(std::count(start.err.begin(), start.err.end(), '\n') == 1);
    CHECK(ReadFile(copy) == before);
    auto check = Markctl({"check", "--db", copy.string(), "--keys", reg.keys().string()});
    CHECK(check.exit_code != 0);
  }
  SECTION("garbage inside a page") {
    const fs::path copy = reg.dir() / "page.db";
    CopyDatabase(reg.db(), copy);
    const auto size = fs::file_size(copy);
    REQUIRE(size > 3 * 4096);
    {
      std::fstream f(copy, std::ios::in | std::ios::out | std::ios::binary);
      // The b-tree page header of page 3 and what follows.
      f.seekp(2 * 4096);
      std::string junk(512, '\xA5');
      f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    const std::string before = StoredData(copy);
    auto start = StartExpectingRefusal(copy, reg.keys());
    INFO(start.err);
    CHECK(start.exit_code == 2);
    CHECK(start.err.rfind("markd: ", 0) == 0);
    CHECK(StoredData(copy) == before);
    auto check = Markctl({"check", "--db", copy.string(), "--keys", reg.keys().string()});
    INFO(check.out << check.err);
    CHECK(check.exit_code != 0);
  }
  // The original is untouched.
  auto check = Markctl({"check", "--db", reg.db().string(), "--keys", reg.keys().string()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
}
