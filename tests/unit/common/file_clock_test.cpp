#include "common/file_clock.h"

#include <catch2/catch.hpp>

#include "common/jst.h"
#include "support/temp_dir.h"
#include "support/test_clock.h"

using namespace mark;

TEST_CASE("a file clock reads the file again on every read, forward and back", "[clock]") {
  testing::TempDir dir;
  testing::TestClock file(dir / "clock", *ParseInstant("2027-03-31T14:59:59Z"));
  auto clock = FileClock::Open(file.path());
  REQUIRE(clock);
  CHECK(FormatInstant((*clock)->Now()) == "2027-03-31T14:59:59Z");
  file.Advance(std::chrono::seconds(1));
  CHECK(FormatDate(JstDate((*clock)->Now())) == "2027-04-01");
  file.Set(*ParseInstant("2026-01-01T00:00:00Z"));
  CHECK(FormatInstant((*clock)->Now()) == "2026-01-01T00:00:00Z");
}

TEST_CASE("a file clock keeps its last instant while the file is unreadable", "[clock]") {
  testing::TempDir dir;
  testing::TestClock file(dir / "clock", *ParseInstant("2027-01-01T00:00:00Z"));
  auto clock = FileClock::Open(file.path());
  REQUIRE(clock);
  (void)(*clock)->Now();
  std::filesystem::remove(file.path());
  CHECK(FormatInstant((*clock)->Now()) == "2027-01-01T00:00:00Z");
}

TEST_CASE("a file clock refuses a file without an instant", "[clock]") {
  testing::TempDir dir;
  CHECK_FALSE(FileClock::Open(dir / "missing"));
}
