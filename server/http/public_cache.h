// PublicCache: the prepared bytes of public answers (a mark, a search page,
// a certificate, a badge, a QR code, a verify page) with their strong ETag
// and headers, so a hot public GET is a hash probe and a copy instead of an
// SQLite query and a serialisation or a render.
//
// Correctness rests on the key, not on invalidation calls: every key holds
// the database generation (storage/database.h: it moves on every commit,
// also by other processes) and today's JST date (statuses change only at a
// midnight JST boundary), and whether the clock reads behind the registry's
// last change (registry/clock_watch.h: statuses read unknown then). A
// write, or midnight, makes every older entry
// unreachable; the LRU bound then ages them out. Only answers that follow
// from the registry alone belong here (a 404 for a made-up number does not:
// anyone could fill the cache with them).
// Thread-safe.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/context.h"
#include "common/lru_cache.h"

namespace mark::http {

class PublicCache {
 public:
  struct Answer {
    int status = 200;
    const char* content_type = "application/json; charset=utf-8";
    const char* cache_control = "public, max-age=60, must-revalidate";
    bool cors = true;  // Access-Control-Allow-Origin: * (public data, for other sites' scripts)
    std::string etag;  // quotes included; Put fills it from the body when empty
    std::shared_ptr<const std::string> body;
    // Further headers (Vary, a CSP of its own, CORP), set after the defaults.
    std::vector<std::pair<const char*, const char*>> headers;
  };
  using Value = std::shared_ptr<const Answer>;

  // Each route sizes its own (together they stay within markd's memory
  // budget: README, Performance).
  PublicCache(size_t max_entries, size_t max_bytes) : cache_(max_entries, max_bytes) {}

  // The key for `what` (e.g. "mark\nJ0072") as of now.
  static std::string Key(const ServerContext& ctx, std::string_view what);

  Value Get(const std::string& key) { return cache_.Get(key); }
  // Stores `answer` under `key` (its ETag made from the body when it has
  // none); returns it.
  Value Put(const std::string& key, Answer answer);
  // The same with a body and the defaults above.
  Value Put(const std::string& key, std::string body);

  // Sends `answer` with its ETag and headers, or 304 when it is a 200 and
  // the request's If-None-Match names it.
  static void Send(const httplib::Request& req, httplib::Response& res, const Answer& answer);

 private:
  LruCache<Answer> cache_;
};

}  // namespace mark::http
