#include "registry/ids.h"

#include <sodium.h>

#include "common/hex.h"

namespace mark::registry {

std::string NewId(const char* prefix) {
  unsigned char buf[10];
  randombytes_buf(buf, sizeof buf);  // never fails (libsodium falls back to its own init)
  return std::string(prefix) + Hex(buf);
}

}  // namespace mark::registry
