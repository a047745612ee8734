// VerifiedJwsCache: JWSs whose signature already verified, so a certificate
// checked again (a relying party polling, a popular holder's certificate)
// costs a hash probe instead of an Ed25519 verification (~60 us; it was the
// largest part of POST /api/v1/verify).
//
// Keyed by the exact compact bytes and the expected typ. An entry holds the
// key it verified with and counts only while the JWKS passed in still has
// that very key under that kid, so retiring or replacing a key ends its
// entries. Only successes are kept: whatever a visitor sends, the cache
// never turns a bad signature into a good one, and a flood of garbage only
// ages entries out (bounded LRU). The claims (time window, status) are
// checked afresh on every call by the verifier.
// Thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>

#include "common/lru_cache.h"

namespace mark::crypto {

class VerifiedJwsCache {
 public:
  struct Entry {
    std::string kid;
    std::string public_key;  // 32 raw bytes it verified with
    nlohmann::json payload;
  };

  explicit VerifiedJwsCache(size_t max_entries = 2048) : cache_(max_entries, max_entries * 4096) {}

  std::shared_ptr<const Entry> Find(std::string_view typ, std::string_view jws) { return cache_.Get(Key(typ, jws)); }
  void Remember(std::string_view typ, std::string_view jws, Entry entry) {
    // The payload as parsed JSON weighs about twice its text.
    const size_t bytes = jws.size() * 3 + 512;
    cache_.Put(Key(typ, jws), std::make_shared<const Entry>(std::move(entry)), bytes);
  }

 private:
  static std::string Key(std::string_view typ, std::string_view jws) {
    std::string key(typ);
    key += '\n';
    key += jws;
    return key;
  }
  LruCache<Entry> cache_;
};

}  // namespace mark::crypto
