#include "notify/curl_init.h"

#include <curl/curl.h>

#include <mutex>

namespace mark::notify {

void EnsureCurlInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace mark::notify
