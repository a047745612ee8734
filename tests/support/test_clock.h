// TestClock: the file that a markd or markctl started with --test-clock reads
// "now" from (common/file_clock.h). Tests step it forward and back; the
// programs see the new instant on their next clock read, without sleeping.
// Header-only so unit tests need no support library.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/jst.h"

namespace mark::testing {

class TestClock {
 public:
  // The file is written at once, holding `start`.
  TestClock(std::filesystem::path path, Instant start) : path_(std::move(path)) { Set(start); }

  // Replaces the file by rename, so a reader never sees half an instant.
  void Set(Instant at) {
    at_ = std::chrono::floor<std::chrono::seconds>(at);
    std::filesystem::path tmp = path_;
    tmp += ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << FormatInstant(at_) << "\n";
      if (!out) throw std::runtime_error("cannot write the test clock " + tmp.string());
    }
    std::filesystem::rename(tmp, path_);
  }
  void Advance(std::chrono::seconds d) { Set(at_ + d); }
  // 00:00 JST on `d` plus `offset`.
  void SetJst(Date d, std::chrono::seconds offset = std::chrono::seconds(0)) { Set(JstStartOfDay(d) + offset); }
  Instant Now() const { return at_; }
  Date Today() const { return JstDate(at_); }
  const std::filesystem::path& path() const { return path_; }
  // The arguments that point markd or markctl at this clock.
  std::vector<std::string> Args() const { return {"--test-clock", path_.string()}; }

 private:
  std::filesystem::path path_;
  Instant at_{};
};

}  // namespace mark::testing
