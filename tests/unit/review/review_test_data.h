// Test data for the review module: the shipped criteria files and the
// synthetic complete set, found under the source tree (MARK_SOURCE_DIR).
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace mark::review::testing {

inline std::string SourceRoot() { return MARK_SOURCE_DIR; }

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string ShippedCriteria(const std::string& name) {
  return ReadFile(SourceRoot() + "/server/criteria/" + name);
}

inline std::string SyntheticCompleteSet() {
  return ReadFile(SourceRoot() + "/tests/unit/review/data/isp-synthetic-complete.json");
}

}  // namespace mark::review::testing
