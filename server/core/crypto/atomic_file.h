// Atomic file replacement: write a temporary file in the same folder, fsync
// it, rename it over the target, fsync the folder. A crash leaves either the
// old or the new content, never a torn file, and once it returns ok the new
// content survives power loss (the key manifest and the registry state,
// registry/registry_state.h, rely on it).
// The file is created with `mode` from the start (never chmod'ed later), so a
// secret is never briefly readable by others.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <sys/types.h>

#include "common/result.h"

namespace mark::crypto {

Status WriteFileAtomic(const std::filesystem::path& path, std::string_view content, mode_t mode);
// Whole file; Error naming the path when it cannot be read.
Result<std::string> ReadWholeFile(const std::filesystem::path& path, size_t max_bytes = 1 << 20);

}  // namespace mark::crypto
