// Opaque record ids: a short prefix naming the kind of record ("op_", "svc_",
// "app_", "rv_" ...) and 80 random bits in hex, so ids never reveal counts or
// order and cannot be guessed.
#pragma once

#include <string>

namespace mark::registry {

std::string NewId(const char* prefix);

}  // namespace mark::registry
