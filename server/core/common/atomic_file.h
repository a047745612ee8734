// Atomic file replacement, the one home of write-then-rename: write a
// temporary file in the same folder, fsync it, rename it over the target,
// fsync the folder. A crash leaves either the old or the new content, never a
// torn file, and once it returns ok the new content survives power loss (the
// key manifest, the registry state (registry/registry_state.h), backups and
// markctl log's saved checkpoint rely on it).
// The file is created with `mode` from the start (never chmod'ed later), so a
// secret is never briefly readable by others.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <sys/types.h>

#include "common/result.h"

namespace mark {

// kVisibleOnly skips both fsyncs: readers still see the old or the new
// content, but a crash may lose the new one; for files a later run writes
// again anyway (the static snapshot's thousands of files, publish/
// static_export.h), where an fsync each would cost more than the export.
enum class Durability { kSynced, kVisibleOnly };

Status WriteFileAtomic(const std::filesystem::path& path, std::string_view content, mode_t mode,
                       Durability durability = Durability::kSynced);
// Puts `written` (a complete file in the target's folder, made by someone
// else: SQLite's backup, a copy, a stream) in place of `target` the same way:
// fsync it, rename it over `target`, fsync the folder. `written` is gone
// afterwards unless the rename failed.
Status ReplaceFileAtomic(const std::filesystem::path& written, const std::filesystem::path& target,
                         Durability durability = Durability::kSynced);
// Whole file; Error naming the path when it cannot be read, kTooLarge past
// `max_bytes`. The one way this code reads a file into memory.
Result<std::string> ReadWholeFile(const std::filesystem::path& path, size_t max_bytes = 1 << 20);

// The largest file of the static folder served or exported (the scripts and
// the style sheet are tens of kilobytes).
inline constexpr size_t kMaxStaticFileBytes = size_t{8} << 20;

}  // namespace mark
