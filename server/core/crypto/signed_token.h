// SignedToken: what every signing function here returns. `payload` is the
// exact JSON text inside `jws` (store it as is; it round-trips byte-for-byte),
// `kid` names the key that signed, so rotation never leaves a token orphaned.
#pragma once

#include <string>

namespace mark::crypto {

struct SignedToken {
  std::string jws;  // compact serialization
  std::string kid;
  std::string payload;  // the signed payload JSON text
};

}  // namespace mark::crypto
