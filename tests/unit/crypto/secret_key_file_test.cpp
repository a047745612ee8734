// Secret key files beside the signing keys (crypto/secret_key_file.h): made
// once at 0600, read back whole, and refused when they are not what they
// claim (open to others, a link, a FIFO, garbled, the wrong size, missing).
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "crypto/secret_key_file.h"
#include "support/temp_dir.h"

using namespace mark;
using namespace mark::crypto;
namespace fs = std::filesystem;

namespace {

constexpr SecretKeyFileFormat kTestKeyFormat{
    "test.key", "test-key", "none", "key", 32, "test key", "test secret key", "markctl keys test-init"};

void WriteSecretTestFile(const fs::path& p, const std::string& text) {
  { std::ofstream(p) << text; }
  REQUIRE(chmod(p.c_str(), 0600) == 0);
}

}  // namespace

TEST_CASE("a secret key file is made once, 0600 in a 0700 folder, and read back", "[keys][secret_key_file]") {
  mark::testing::TempDir dir;
  const fs::path keys = dir / "keys";
  auto made = CreateSecretKeyFile(keys, kTestKeyFormat);
  REQUIRE(made);
  CHECK(*made);
  CHECK((fs::status(keys).permissions() & fs::perms::all) == fs::perms::owner_all);
  CHECK((fs::status(keys / "test.key").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  auto a = ReadSecretKeyFile(keys, kTestKeyFormat);
  REQUIRE(a);
  CHECK(a->size() == 32);
  auto again = CreateSecretKeyFile(keys, kTestKeyFormat);
  REQUIRE(again);
  CHECK_FALSE(*again);
  auto b = ReadSecretKeyFile(keys, kTestKeyFormat);
  REQUIRE(b);
  CHECK(a->view() == b->view());
}

TEST_CASE("a secret key file is refused when it is not what it claims", "[keys][secret_key_file]") {
  mark::testing::TempDir dir;
  const fs::path keys = dir / "keys";
  REQUIRE(CreateSecretKeyFile(keys, kTestKeyFormat));
  const fs::path file = keys / "test.key";

  SECTION("readable by group or others") {
    fs::permissions(file, fs::perms::group_read, fs::perm_options::add);
    auto r = ReadSecretKeyFile(keys, kTestKeyFormat);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains(file.string()) && Catch::Contains("readable by group or others") &&
                                      Catch::Contains("chmod 600"));
  }
  SECTION("a symbolic link") {
    fs::rename(file, dir / "elsewhere.key");
    fs::create_symlink(dir / "elsewhere.key", file);
    auto r = ReadSecretKeyFile(keys, kTestKeyFormat);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("symbolic link"));
  }
  SECTION("a FIFO, refused without waiting for a writer") {
    fs::remove(file);
    REQUIRE(mkfifo(file.c_str(), 0600) == 0);
    auto r = ReadSecretKeyFile(keys, kTestKeyFormat);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("a FIFO"));
  }
  SECTION("garbled") {
    WriteSecretTestFile(file, R"({"kind":"other-key","alg":"none","key":"AAAA"})");
    auto r = ReadSecretKeyFile(keys, kTestKeyFormat);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Equals("test key " + file.string() + " is garbled"));
  }
  SECTION("the wrong size") {
    WriteSecretTestFile(file, R"({"kind":"test-key","alg":"none","key":"AAAA"})");
    auto r = ReadSecretKeyFile(keys, kTestKeyFormat);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Equals("test key " + file.string() + " holds no 32-byte key"));
  }
  SECTION("missing, naming the command that makes it") {
    fs::remove(file);
    auto r = ReadSecretKeyFile(keys, kTestKeyFormat);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::kNotFound);
    CHECK_THAT(r.error().message,
               Catch::Equals("no test secret key " + file.string() +
                             " (create it with: markctl keys test-init --keys " + keys.string() + ")"));
  }
}
