// RateLimiter: N events per key in a window opened by the key's first event,
// Retry-After in whole seconds, keys apart, memory bounded.
#include "http/rate_limiter.h"

#include <catch2/catch.hpp>

#include "common/clock.h"

using namespace mark;
using mark::http::RateLimiter;
using std::chrono::seconds;

TEST_CASE("RateLimiter lets N events through, then says how long to wait", "[rate_limiter]") {
  FixedClock clock{Instant{}};
  RateLimiter limiter(clock, 3, seconds(300));
  for (int i = 0; i < 3; ++i) {
    CHECK_FALSE(limiter.RetryAfter("198.51.100.1"));
    limiter.Record("198.51.100.1");
  }
  auto wait = limiter.RetryAfter("198.51.100.1");
  REQUIRE(wait);
  CHECK(*wait == seconds(300));
  clock.Advance(std::chrono::milliseconds(100'500));
  wait = limiter.RetryAfter("198.51.100.1");
  REQUIRE(wait);
  CHECK(*wait == seconds(200));  // 199.5 s rounded up
  // Asking counts nothing.
  CHECK(limiter.RetryAfter("198.51.100.1") == wait);
}

TEST_CASE("RateLimiter's window opens with a key's first event and ends after the window", "[rate_limiter]") {
  FixedClock clock{Instant{}};
  RateLimiter limiter(clock, 2, seconds(60));
  limiter.Record("a");
  clock.Advance(seconds(30));
  limiter.Record("a");
  CHECK(limiter.RetryAfter("a") == seconds(30));
  clock.Advance(std::chrono::milliseconds(29'999));
  CHECK(limiter.RetryAfter("a") == seconds(1));
  clock.Advance(std::chrono::milliseconds(1));
  CHECK_FALSE(limiter.RetryAfter("a"));
  limiter.Record("a");  // a new window
  CHECK_FALSE(limiter.RetryAfter("a"));
}

TEST_CASE("RateLimiter keeps keys apart", "[rate_limiter]") {
  FixedClock clock{Instant{}};
  RateLimiter limiter(clock, 1, seconds(60));
  limiter.Record("a");
  CHECK(limiter.RetryAfter("a"));
  CHECK_FALSE(limiter.RetryAfter("b"));
}

TEST_CASE("RateLimiter tracks at most max_tracked keys, forgetting the oldest window first", "[rate_limiter]") {
  FixedClock clock{Instant{}};
  RateLimiter limiter(clock, 1, seconds(600), 3);
  for (const char* key : {"k1", "k2", "k3"}) {
    limiter.Record(key);
    clock.Advance(seconds(1));
  }
  limiter.Record("k4");
  CHECK_FALSE(limiter.RetryAfter("k1"));  // the oldest, forgotten
  CHECK(limiter.RetryAfter("k2"));
  CHECK(limiter.RetryAfter("k3"));
  CHECK(limiter.RetryAfter("k4"));
}
