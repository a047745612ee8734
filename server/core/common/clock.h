// Clock: the only source of "now" in the core. Production code gets a
// SystemClock from main(); tests use FixedClock to stand on any instant
// (midnight JST edges, leap days) without sleeping.
#pragma once

#include <atomic>
#include <chrono>

namespace mark {

using Instant = std::chrono::system_clock::time_point;
using Seconds = std::chrono::seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant Now() const override { return std::chrono::system_clock::now(); }
};

// A clock that stands still until told to move. Thread-safe.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant at) : at_(at.time_since_epoch().count()) {}
  Instant Now() const override { return Instant(Instant::duration(at_.load())); }
  void Set(Instant at) { at_.store(at.time_since_epoch().count()); }
  void Advance(Instant::duration d) { at_.fetch_add(d.count()); }

 private:
  std::atomic<Instant::rep> at_;
};

}  // namespace mark
