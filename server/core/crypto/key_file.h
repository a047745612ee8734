// Key files: the files of a key folder (keys.json, <kid>.key, <kid>.jwk,
// log.key), read only when they are what they claim to be. Whoever can put a
// file in the folder, or swap one for a link, chooses the keys the registry
// signs and publishes with; a FIFO in a file's place would block the reader
// forever. So the folder must not be writable by group or others, and every
// key file must be a regular file (no symbolic link, also not to a file in the
// folder; no FIFO, socket or device) owned by the effective user of the
// program reading it, never writable by group or others, and a secret one
// (<kid>.key, log.key) not open to group or others at all.
// Files are opened with O_NOFOLLOW | O_NONBLOCK and checked with fstat on
// what was opened, so neither a link nor a FIFO swapped in between a check
// and the read gets through. Thread-safe (no state).
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <string>

#include "common/result.h"

namespace mark::crypto {

enum class KeyFileKind {
  kPublic,  // keys.json, <kid>.jwk: anyone may read them; only the owner writes
  kSecret,  // <kid>.key, log.key: the owner alone
};

// The kind of a key folder's file by its name; nullopt for names that are
// not key files (a README, a temporary file of an atomic write).
std::optional<KeyFileKind> KeyFileKindOf(const std::filesystem::path& name);

// The folder itself: a directory (a link to one is followed) that neither
// group nor others may write in. The Error names the folder and the chmod
// that fixes it.
Status CheckKeyFolder(const std::filesystem::path& dir);

// Every key file in `dir` (KeyFileKindOf), looked at without opening it
// (lstat): the rules above. The Error names the first file at fault.
Status CheckKeyFiles(const std::filesystem::path& dir);

// Reads the key file `path` of `kind` whole (at most `max_bytes`): opened
// with O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, then held to the rules above
// with fstat. kNotFound when it does not exist; any other Error names the
// file and what to do about it.
Result<std::string> ReadKeyFile(const std::filesystem::path& path, KeyFileKind kind, size_t max_bytes);

// The rules above for the status `st` of the file at `path` (lstat or
// fstat): ok, or an Error naming the file.
Status CheckKeyFileStatus(const std::filesystem::path& path, const struct stat& st, KeyFileKind kind);

}  // namespace mark::crypto
