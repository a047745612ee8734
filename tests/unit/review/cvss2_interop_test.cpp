// Compares every CVSS v2 base score with tests/interop/cvss2_all_vectors.js,
// an independent Node.js implementation that itself checks exact arithmetic
// against NVD's floating-point method.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include <catch2/catch.hpp>

#include "review/cvss2.h"
#include "review_test_data.h"

namespace {

bool HaveNode() { return std::system("node --version >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("all 729 CVSS v2 scores agree with an independent implementation", "[cvss2][interop]") {
  if (!HaveNode()) {
    WARN("node not installed: CVSS v2 interop check skipped");
    return;
  }
  std::string script = mark::review::testing::SourceRoot() + "/tests/interop/cvss2_all_vectors.js";
  std::string cmd = "node '" + script + "'";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  REQUIRE(rc == 0);  // non-zero: exact and NVD-style float disagree somewhere

  std::istringstream lines(out);
  std::string vector, score;
  int count = 0;
  while (lines >> vector >> score) {
    INFO(vector);
    auto v = mark::review::ParseCvss2Vector(vector);
    REQUIRE(v);
    CHECK(mark::review::Cvss2BaseScore(*v).BaseText() == score);
    ++count;
  }
  CHECK(count == 729);
}
