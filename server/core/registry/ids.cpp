#include "registry/ids.h"

#include <sodium.h>

namespace mark::registry {

std::string NewId(const char* prefix) {
  unsigned char buf[10];
  randombytes_buf(buf, sizeof buf);  // never fails (libsodium falls back to its own init)
  char hex[sizeof buf * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, buf, sizeof buf);
  return std::string(prefix) + hex;
}

}  // namespace mark::registry
