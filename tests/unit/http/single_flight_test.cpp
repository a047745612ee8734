#include "http/single_flight.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

using mark::http::SingleFlight;

TEST_CASE("calls for a key being made wait for that one result", "[single_flight]") {
  SingleFlight<int> flight;
  std::atomic<int> made{0};
  std::promise<void> gate;
  std::shared_future<void> open = gate.get_future().share();
  std::promise<void> started;
  std::thread leader_thread;
  int leader_result = 0;
  leader_thread = std::thread([&] {
    leader_result = flight.Do("k", [&] {
      ++made;
      started.set_value();
      open.wait();
      return 42;
    });
  });
  started.get_future().wait();  // the leader is inside make()
  std::vector<std::thread> followers;
  std::vector<int> results(7, 0);
  for (size_t i = 0; i < results.size(); ++i)
    followers.emplace_back([&, i] {
      results[i] = flight.Do("k", [&] {
        ++made;
        return -1;
      });
    });
  while (flight.Followers("k") < 7) std::this_thread::yield();
  // Another key is not held up by this one.
  CHECK(flight.Do("other", [] { return 7; }) == 7);
  gate.set_value();
  leader_thread.join();
  for (auto& t : followers) t.join();
  CHECK(made == 1);
  CHECK(leader_result == 42);
  for (int r : results) CHECK(r == 42);
  // Done: the next call makes afresh.
  CHECK(flight.Followers("k") == 0);
  CHECK(flight.Do("k", [] { return 5; }) == 5);
}

TEST_CASE("an exception while making reaches the caller and is not kept", "[single_flight]") {
  SingleFlight<int> flight;
  CHECK_THROWS_AS(flight.Do("k", []() -> int { throw std::runtime_error("render failed"); }), std::runtime_error);
  CHECK(flight.Do("k", [] { return 1; }) == 1);
}
