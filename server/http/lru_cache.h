// LruCache: a small thread-safe least-recently-used map bounded by entry
// count and by total value bytes, for rendered images (a badge PNG costs a
// serialised librsvg render; see badge/svg_to_png.h). Values are shared so a
// hit is a pointer copy made under the lock.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace mark::http {

class LruCache {
 public:
  using Value = std::shared_ptr<const std::string>;

  LruCache(size_t max_entries, size_t max_bytes) : max_entries_(max_entries), max_bytes_(max_bytes) {}

  // The value for `key` (now the most recently used), or nullptr.
  Value Get(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }

  // Stores `value` under `key`, evicting the least recently used entries to
  // stay within both bounds. A value larger than max_bytes is not kept.
  void Put(const std::string& key, Value value) {
    if (!value || value->size() > max_bytes_) return;
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      bytes_ -= it->second->second->size();
      order_.erase(it->second);
      index_.erase(it);
    }
    bytes_ += value->size();
    order_.emplace_front(key, std::move(value));
    index_[key] = order_.begin();
    while (!order_.empty() && (order_.size() > max_entries_ || bytes_ > max_bytes_)) {
      bytes_ -= order_.back().second->size();
      index_.erase(order_.back().first);
      order_.pop_back();
    }
  }

  size_t size() const {
    std::lock_guard lock(mu_);
    return order_.size();
  }

 private:
  using Entry = std::pair<std::string, Value>;
  const size_t max_entries_;
  const size_t max_bytes_;
  mutable std::mutex mu_;
  std::list<Entry> order_;  // most recent first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;
};

}  // namespace mark::http
