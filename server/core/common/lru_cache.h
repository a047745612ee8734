// LruCache<T>: a small thread-safe least-recently-used map bounded by entry
// count and by the total bytes its values declare: prepared public answers
// (http/public_cache.h), rendered badge PNGs, mark views per database
// generation (registry.h), verified signatures (crypto/verified_jws_cache.h).
// Values are shared and immutable, so a hit is a pointer copy made under
// the lock.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace mark {

template <class T>
class LruCache {
 public:
  using Value = std::shared_ptr<const T>;

  LruCache(size_t max_entries, size_t max_bytes) : max_entries_(max_entries), max_bytes_(max_bytes) {}

  // The value for `key` (now the most recently used), or nullptr.
  Value Get(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return std::get<1>(*it->second);
  }

  // Stores `value` (accounted as `bytes`) under `key`, evicting the least
  // recently used entries to stay within both bounds. A value larger than
  // max_bytes is not kept.
  void Put(const std::string& key, Value value, size_t bytes) {
    if (!value || bytes > max_bytes_) return;
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      bytes_ -= std::get<2>(*it->second);
      order_.erase(it->second);
      index_.erase(it);
    }
    bytes_ += bytes;
    order_.emplace_front(key, std::move(value), bytes);
    index_[key] = order_.begin();
    while (!order_.empty() && (order_.size() > max_entries_ || bytes_ > max_bytes_)) {
      bytes_ -= std::get<2>(order_.back());
      index_.erase(std::get<0>(order_.back()));
      order_.pop_back();
    }
  }

  size_t size() const {
    std::lock_guard lock(mu_);
    return order_.size();
  }

 private:
  using Entry = std::tuple<std::string, Value, size_t>;
  const size_t max_entries_;
  const size_t max_bytes_;
  mutable std::mutex mu_;
  std::list<Entry> order_;  // most recent first
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;
};

}  // namespace mark
