// Key files are read only when they are regular files of this user with
// safe modes, in a folder only its owner can write in (crypto/key_file.h).
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>

#include "crypto/key_file.h"
#include "support/temp_dir.h"

using namespace mark;
using namespace mark::crypto;
namespace fs = std::filesystem;

namespace {

fs::path WriteKeyTestFile(const fs::path& p, const std::string& text, mode_t mode) {
  { std::ofstream(p) << text; }
  REQUIRE(chmod(p.c_str(), mode) == 0);
  return p;
}

}  // namespace

TEST_CASE("key file kinds go by name", "[keys][key_file]") {
  CHECK(KeyFileKindOf("keys.json") == KeyFileKind::kPublic);
  CHECK(KeyFileKindOf("/k/abc.jwk") == KeyFileKind::kPublic);
  CHECK(KeyFileKindOf("/k/abc.key") == KeyFileKind::kSecret);
  CHECK(KeyFileKindOf("log.key") == KeyFileKind::kSecret);
  CHECK_FALSE(KeyFileKindOf("README.md"));
  CHECK_FALSE(KeyFileKindOf(".keys.json.tmp-AbCdEf"));
  CHECK_FALSE(KeyFileKindOf(".x.key.tmp-AbCdEf"));
}

TEST_CASE("a key folder writable by group or others is refused, naming it", "[keys][key_file]") {
  mark::testing::TempDir tmp;
  REQUIRE(chmod(tmp.path().c_str(), 0700) == 0);
  CHECK(CheckKeyFolder(tmp.path()));
  REQUIRE(chmod(tmp.path().c_str(), 0755) == 0);
  CHECK(CheckKeyFolder(tmp.path()));
  for (mode_t m : {0770, 0702, 0777}) {
    REQUIRE(chmod(tmp.path().c_str(), m) == 0);
    auto st = CheckKeyFolder(tmp.path());
    REQUIRE_FALSE(st);
    CHECK_THAT(st.error().message, Catch::Contains(tmp.path().string()) &&
                                       Catch::Contains("writable by group or others") && Catch::Contains("chmod 700"));
  }
  REQUIRE(chmod(tmp.path().c_str(), 0700) == 0);
  CHECK_FALSE(CheckKeyFolder(tmp / "missing"));
}

TEST_CASE("key files are read only when regular, owned by this user and not open to others", "[keys][key_file]") {
  mark::testing::TempDir tmp;
  const fs::path pub = WriteKeyTestFile(tmp / "keys.json", "{}", 0644);
  const fs::path secret = WriteKeyTestFile(tmp / "a.key", "seed", 0600);
  CHECK(ReadKeyFile(pub, KeyFileKind::kPublic, 100).value() == "{}");
  CHECK(ReadKeyFile(secret, KeyFileKind::kSecret, 100).value() == "seed");
  CHECK(CheckKeyFiles(tmp.path()));

  SECTION("a secret readable by group or others") {
    REQUIRE(chmod(secret.c_str(), 0640) == 0);
    auto r = ReadKeyFile(secret, KeyFileKind::kSecret, 100);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains(secret.string()) && Catch::Contains("mode 0640"));
    CHECK_FALSE(CheckKeyFiles(tmp.path()));
  }
  SECTION("a public file writable by group or others") {
    REQUIRE(chmod(pub.c_str(), 0664) == 0);
    auto r = ReadKeyFile(pub, KeyFileKind::kPublic, 100);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains(pub.string()) && Catch::Contains("writable by group or others"));
    CHECK_FALSE(CheckKeyFiles(tmp.path()));
  }
  SECTION("a symbolic link, to a file in the folder or outside it") {
    mark::testing::TempDir elsewhere;
    const fs::path outside = WriteKeyTestFile(elsewhere / "b.key", "other", 0600);
    for (const fs::path& target : {secret, outside}) {
      const fs::path link = tmp / "link.key";
      fs::remove(link);
      fs::create_symlink(target, link);
      auto r = ReadKeyFile(link, KeyFileKind::kSecret, 100);
      REQUIRE_FALSE(r);
      CHECK_THAT(r.error().message, Catch::Contains(link.string()) && Catch::Contains("symbolic link"));
      auto listed = CheckKeyFiles(tmp.path());
      REQUIRE_FALSE(listed);
      CHECK_THAT(listed.error().message, Catch::Contains("link.key"));
    }
  }
  SECTION("a FIFO is refused at once, without waiting for a writer") {
    const fs::path fifo = tmp / "keys.json";
    fs::remove(fifo);
    REQUIRE(mkfifo(fifo.c_str(), 0644) == 0);
    const auto started = std::chrono::steady_clock::now();
    auto r = ReadKeyFile(fifo, KeyFileKind::kPublic, 100);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains(fifo.string()) && Catch::Contains("a FIFO"));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    CHECK_FALSE(CheckKeyFiles(tmp.path()));
  }
  SECTION("a folder in a key file's place") {
    const fs::path dir = tmp / "c.jwk";
    fs::create_directory(dir);
    auto listed = CheckKeyFiles(tmp.path());
    REQUIRE_FALSE(listed);
    CHECK_THAT(listed.error().message, Catch::Contains("c.jwk is a directory"));
  }
  SECTION("another user's file") {
    if (geteuid() != 0) return;  // only root can give a file away
    REQUIRE(chown(secret.c_str(), 65534, static_cast<gid_t>(-1)) == 0);
    auto r = ReadKeyFile(secret, KeyFileKind::kSecret, 100);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains(secret.string()) && Catch::Contains("owned by uid 65534"));
    CHECK_FALSE(CheckKeyFiles(tmp.path()));
  }
  SECTION("missing and too large") {
    auto missing = ReadKeyFile(tmp / "none.key", KeyFileKind::kSecret, 100);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::kNotFound);
    CHECK_FALSE(ReadKeyFile(pub, KeyFileKind::kPublic, 1));
  }
}
