// Files written whole or not at all, and read whole with a cap: the content
// and mode arrive, a replaced file leaves no temporary beside it, and a read
// past its cap or of a missing file is an error naming the path.
#include "common/atomic_file.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "support/temp_dir.h"

namespace fs = std::filesystem;
using namespace mark;

TEST_CASE("WriteFileAtomic writes the content with its mode, and replaces it whole", "[atomic_file]") {
  testing::TempDir dir;
  const fs::path file = dir / "state.json";
  REQUIRE(WriteFileAtomic(file, "first", 0600));
  REQUIRE(WriteFileAtomic(file, "second, longer", 0600));
  auto text = ReadWholeFile(file);
  REQUIRE(text);
  CHECK(*text == "second, longer");
  struct stat st {};
  REQUIRE(stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) entries += e.is_regular_file() ? 1 : 0;
  CHECK(entries == 1);  // no temporary file left beside it
}

TEST_CASE("ReadWholeFile refuses a file past its cap and names a missing one", "[atomic_file]") {
  testing::TempDir dir;
  const fs::path file = dir / "big";
  REQUIRE(WriteFileAtomic(file, std::string(100, 'x'), 0644));
  CHECK(ReadWholeFile(file, 100));
  auto capped = ReadWholeFile(file, 99);
  REQUIRE_FALSE(capped);
  CHECK(capped.error().code == ErrorCode::kTooLarge);
  auto missing = ReadWholeFile(dir / "none");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.find("none") != std::string::npos);
}
