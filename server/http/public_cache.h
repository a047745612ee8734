// PublicCache: the prepared bytes of public JSON answers (a mark, a search
// page, a certificate) with their strong ETag, so a hot lookup is a hash
// probe and a copy instead of an SQLite query and a JSON serialisation.
//
// Correctness rests on the key, not on invalidation calls: every key holds
// the database generation (registry/database.h: it moves on every commit,
// also by other processes) and today's JST date (statuses change only at a
// midnight JST boundary). A write, or midnight, makes every older entry
// unreachable; the LRU bound then ages them out.
// Thread-safe.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <string_view>

#include "http/context.h"
#include "http/lru_cache.h"

namespace mark::http {

class PublicCache {
 public:
  struct Answer {
    std::string etag;  // quotes included
    std::string body;
  };
  using Value = std::shared_ptr<const Answer>;

  // About 12 MB of 1–2 KB answers.
  explicit PublicCache(size_t max_entries = 8192, size_t max_bytes = 12u << 20)
      : cache_(max_entries, max_bytes) {}

  // The key for `what` (e.g. "mark\nJ0072") as of now.
  static std::string Key(const ServerContext& ctx, std::string_view what);

  Value Get(const std::string& key);
  // Stores `body` under `key` with a strong ETag of its bytes; returns it.
  Value Put(const std::string& key, std::string body);

  // Sends `answer` as 200 with its ETag and Cache-Control `cache_control`, or
  // 304 when the request's If-None-Match names it.
  static void Send(const httplib::Request& req, httplib::Response& res, const Answer& answer,
                   const char* content_type, const char* cache_control);

 private:
  // LruCache holds strings: an entry is the ETag, a newline, the body.
  LruCache cache_;
};

}  // namespace mark::http
