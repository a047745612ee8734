// SodiumInit: libsodium must be initialised once before any call into it.
// sodium_init() is idempotent and thread safe; this wrapper turns its rare
// failure (no entropy source) into an Error the caller can report.
#pragma once

#include "common/result.h"

namespace mark::crypto {

Status EnsureSodium();

}  // namespace mark::crypto
