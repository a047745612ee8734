#include "common/file_clock.h"

#include <string>

#include "common/atomic_file.h"
#include "common/jst.h"
#include "common/trim.h"

namespace mark {

namespace {

std::optional<Instant> ReadInstant(const std::filesystem::path& path) {
  auto text = ReadWholeFile(path, 4096);
  if (!text) return std::nullopt;
  return ParseInstant(TrimAsciiSpace(*text));
}

}  // namespace

Result<std::unique_ptr<FileClock>> FileClock::Open(const std::filesystem::path& path) {
  auto first = ReadInstant(path);
  if (!first)
    return Error::Make(ErrorCode::kInvalid, "--test-clock " + path.string() + " must hold an RFC 3339 instant");
  return std::unique_ptr<FileClock>(new FileClock(path, *first));
}

FileClock::FileClock(std::filesystem::path path, Instant first)
    : path_(std::move(path)), last_(first.time_since_epoch().count()) {}

Instant FileClock::Now() const {
  if (auto at = ReadInstant(path_)) {
    last_.store(at->time_since_epoch().count());
    return *at;
  }
  return Instant(Instant::duration(last_.load()));
}

}  // namespace mark
