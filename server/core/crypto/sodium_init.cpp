#include "crypto/sodium_init.h"

#include <sodium.h>

namespace mark::crypto {

Status EnsureSodium() {
  // 0 = initialised now, 1 = already initialised, -1 = failure.
  if (sodium_init() < 0) return Error::Make(ErrorCode::kInternal, "libsodium failed to initialise");
  return {};
}

}  // namespace mark::crypto
