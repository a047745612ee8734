// libFuzzer target: the public search's query string
// (GET /api/v1/marks?q=&scheme=&status=&domain=&ssid=&limit=&cursor=),
// split at '&' and '=' as the HTTP layer hands it over (already decoded).
#include <cstdint>
#include <map>
#include <string>

#include "registry/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::multimap<std::string, std::string> params;
  size_t start = 0;
  while (start <= text.size()) {
    size_t amp = text.find('&', start);
    if (amp == std::string::npos) amp = text.size();
    const std::string pair = text.substr(start, amp - start);
    const size_t eq = pair.find('=');
    if (eq == std::string::npos)
      params.emplace(pair, "");
    else
      params.emplace(pair.substr(0, eq), pair.substr(eq + 1));
    start = amp + 1;
  }
  auto q = mark::registry::ParseSearchQuery(params);
  if (q && (q->limit < 1 || q->limit > mark::registry::kMaxSearchLimit)) __builtin_trap();
  return 0;
}
