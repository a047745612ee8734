// SingleFlight<V>: when many requests miss a cache for the same key at once
// (32 phones scanning one new QR, a page with the badge going viral), one of
// them makes the value and the others wait for it, instead of all of them
// queueing the same expensive work (a PNG render) behind each other.
// Thread-safe.
#pragma once

#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <string>

namespace mark::http {

template <class V>
class SingleFlight {
 public:
  // `make()` for `key`, or the result of the call already making it.
  // An exception from `make` reaches every waiter.
  V Do(const std::string& key, const std::function<V()>& make) {
    std::promise<V> mine;
    std::shared_future<V> result;
    bool leader = false;
    {
      std::lock_guard lock(mu_);
      if (auto it = inflight_.find(key); it != inflight_.end()) {
        result = it->second.result;
        ++it->second.followers;
      } else {
        result = mine.get_future().share();
        inflight_.emplace(key, Flight{result, 0});
        leader = true;
      }
    }
    if (leader) {
      try {
        mine.set_value(make());
      } catch (...) {
        mine.set_exception(std::current_exception());
      }
      std::lock_guard lock(mu_);
      inflight_.erase(key);
    }
    return result.get();
  }

  // How many calls wait for the one making `key` now (0 when none is).
  int Followers(const std::string& key) const {
    std::lock_guard lock(mu_);
    auto it = inflight_.find(key);
    return it == inflight_.end() ? 0 : it->second.followers;
  }

 private:
  struct Flight {
    std::shared_future<V> result;
    int followers = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, Flight> inflight_;
};

}  // namespace mark::http
