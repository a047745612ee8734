#include "review/cvss2.h"

#include <catch2/catch.hpp>

using mark::review::Cvss2BaseScore;
using mark::review::ParseCvss2Vector;

namespace {

std::string Score(const std::string& vector) {
  auto v = ParseCvss2Vector(vector);
  if (!v) return "error: " + v.error().message;
  return Cvss2BaseScore(*v).BaseText();
}

std::string ErrorOf(const std::string& vector) {
  auto v = ParseCvss2Vector(vector);
  if (v) return "parsed";
  REQUIRE(v.error().fields.size() == 1);
  CHECK(v.error().fields[0].field == "vector");
  return v.error().fields[0].message;
}

}  // namespace

TEST_CASE("CVSS v2 base scores match the specification and NVD", "[cvss2]") {
  // Each value checked against the spec formula in exact rational arithmetic
  // (and the well-known NVD scores for the same vectors).
  struct Row {
    const char* vector;
    const char* score;
  };
  const Row table[] = {
      {"AV:N/AC:L/Au:N/C:N/I:N/A:N", "0.0"},   // all none: f(Impact) = 0
      {"AV:N/AC:L/Au:N/C:C/I:C/A:C", "10.0"},  // all complete: 9.995... rounds up
      {"AV:N/AC:L/Au:N/C:P/I:P/A:P", "7.5"},  {"AV:N/AC:M/Au:N/C:P/I:N/A:N", "4.3"},
      {"AV:L/AC:L/Au:N/C:C/I:C/A:C", "7.2"},  {"AV:N/AC:L/Au:N/C:N/I:N/A:P", "5.0"},
      {"AV:N/AC:M/Au:N/C:N/I:P/A:N", "4.3"},  {"AV:N/AC:L/Au:S/C:P/I:P/A:P", "6.5"},
      {"AV:L/AC:H/Au:N/C:C/I:C/A:C", "6.2"},  {"AV:A/AC:L/Au:N/C:C/I:C/A:C", "8.3"},
      {"AV:N/AC:H/Au:N/C:P/I:P/A:P", "5.1"},  {"AV:N/AC:L/Au:N/C:P/I:N/A:N", "5.0"},
      {"AV:L/AC:L/Au:N/C:P/I:N/A:N", "2.1"},  {"AV:N/AC:M/Au:N/C:P/I:P/A:P", "6.8"},
      {"AV:N/AC:M/Au:S/C:P/I:P/A:P", "6.0"},  {"AV:N/AC:M/Au:N/C:C/I:C/A:C", "9.3"},
      {"AV:L/AC:L/Au:S/C:N/I:N/A:C", "4.6"},  {"AV:N/AC:L/Au:M/C:C/I:C/A:C", "8.3"},
      {"AV:L/AC:H/Au:M/C:P/I:N/A:N", "0.8"},  {"AV:A/AC:M/Au:S/C:N/I:N/A:P", "2.3"},
      {"AV:N/AC:H/Au:N/C:N/I:P/A:N", "2.6"},
  };
  for (const Row& r : table) {
    INFO(r.vector);
    CHECK(Score(r.vector) == r.score);
  }
}

TEST_CASE("CVSS v2 subscores are rounded for display", "[cvss2]") {
  auto v = ParseCvss2Vector("AV:N/AC:L/Au:N/C:P/I:P/A:P");
  REQUIRE(v);
  auto s = Cvss2BaseScore(*v);
  CHECK(s.base_tenths == 75);
  CHECK(s.impact_tenths == 64);
  CHECK(s.exploitability_tenths == 100);
  CHECK(s.base() == Approx(7.5));
}

TEST_CASE("CVSS v2 vectors accept NVD's parentheses and a CVSS2# prefix", "[cvss2]") {
  CHECK(Score("(AV:N/AC:L/Au:N/C:P/I:P/A:P)") == "7.5");
  CHECK(Score("CVSS2#AV:N/AC:L/Au:N/C:P/I:P/A:P") == "7.5");
  CHECK(Score("(CVSS2#AV:N/AC:L/Au:N/C:P/I:P/A:P)") == "7.5");
  auto v = ParseCvss2Vector("(AV:A/AC:H/Au:S/C:N/I:P/A:C)");
  REQUIRE(v);
  CHECK(v->ToString() == "AV:A/AC:H/Au:S/C:N/I:P/A:C");
}

TEST_CASE("malformed CVSS v2 vectors name the part that is wrong", "[cvss2]") {
  CHECK(ErrorOf("AV:N/AC:X/Au:N/C:P/I:P/A:P") == "AC:X is not one of H, M, L");
  CHECK(ErrorOf("AV:N/AC:L/C:P/I:P/A:P") == "missing Au");
  CHECK(ErrorOf("AV:N/AC:L/Au:N/C:P/I:P") == "missing A");
  CHECK(ErrorOf("AC:L/AV:N/Au:N/C:P/I:P/A:P") == "missing AV");
  CHECK(ErrorOf("AV:N/AC:L/AV:N/Au:N/C:P/I:P/A:P") == "AV appears more than once or out of order");
  CHECK(ErrorOf("AV:Q/AC:L/Au:N/C:P/I:P/A:P") == "AV:Q is not one of L, A, N");
  CHECK(ErrorOf("AV:N/AC:L/Au:X/C:P/I:P/A:P") == "Au:X is not one of M, S, N");
  CHECK(ErrorOf("AV:N/AC:L/Au:N/C:P/I:P/A:PP") == "A:PP is not one of N, P, C");
  CHECK(ErrorOf("AV:N/AC:L/Au:N/C:P/I:P/A:") == "A: is not one of N, P, C");
  CHECK(ErrorOf("AV:N/AC:L/AU:N/C:P/I:P/A:P") == "unknown metric \"AU\" (expected Au)");
  CHECK(ErrorOf("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:POC") == "unexpected E:POC after A");
  CHECK(ErrorOf("AV:N/AC:L/Au:N/C:P/I:P/A:P/") == "empty part (two slashes, or a slash at an end)");
  CHECK(ErrorOf("AV:N//AC:L/Au:N/C:P/I:P/A:P") == "empty part (two slashes, or a slash at an end)");
  CHECK(ErrorOf("") == "empty vector");
  CHECK(ErrorOf("()") == "empty vector");
  CHECK(ErrorOf("(AV:N/AC:L/Au:N/C:P/I:P/A:P") == "unbalanced parentheses");
  CHECK(ErrorOf("AV=N") == "\"AV=N\" is not of the form METRIC:VALUE");
  CHECK(ErrorOf("av:n/ac:l/au:n/c:p/i:p/a:p") == "unknown metric \"av\" (expected AV)");
  CHECK(ErrorOf(" AV:N/AC:L/Au:N/C:P/I:P/A:P") == "unknown metric \" AV\" (expected AV)");
  CHECK(ErrorOf("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") == "unknown metric \"CVSS\" (expected AV)");
}

TEST_CASE("every CVSS v2 vector scores within 0..10 and zero impact scores 0", "[cvss2]") {
  const char* av = "LAN";
  const char* ac = "HML";
  const char* au = "MSN";
  const char* cia = "NPC";
  int count = 0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 3; ++c)
        for (int x = 0; x < 3; ++x)
          for (int y = 0; y < 3; ++y)
            for (int z = 0; z < 3; ++z) {
              mark::review::Cvss2Vector v{av[a], ac[b], au[c], cia[x], cia[y], cia[z]};
              auto s = Cvss2BaseScore(v);
              CHECK(s.base_tenths >= 0);
              CHECK(s.base_tenths <= 100);
              if (x == 0 && y == 0 && z == 0) CHECK(s.base_tenths == 0);
              auto round_trip = ParseCvss2Vector(v.ToString());
              REQUIRE(round_trip);
              CHECK(Cvss2BaseScore(*round_trip).base_tenths == s.base_tenths);
              ++count;
            }
  CHECK(count == 729);
}
