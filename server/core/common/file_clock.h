// FileClock: a clock that reads "now" from a file on every read, so tests can
// step a running markd or markctl forward and back (midnight JST, a clock set
// back) without sleeping. Reachable only through --test-clock, which exists
// only in builds with MARK_TEST_HOOKS (the tools/test trees).
// Thread-safe: reads are independent; the last instant read is remembered
// for a file caught mid-rewrite (writers should replace it by rename).
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>

#include "common/clock.h"
#include "common/result.h"

namespace mark {

class FileClock final : public Clock {
 public:
  // Fails unless `path` holds an RFC 3339 instant now.
  static Result<std::unique_ptr<FileClock>> Open(const std::filesystem::path& path);
  Instant Now() const override;

 private:
  FileClock(std::filesystem::path path, Instant first);
  std::filesystem::path path_;
  mutable std::atomic<Instant::rep> last_;
};

}  // namespace mark
