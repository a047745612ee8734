// A test hook: SQLite storage whose commits fail to fsync, as a failing disk's
// do. markd installs it for `--fail-fsync N` and `--fail-fsync-from N`, flags
// that exist only in MARK_TEST_HOOKS builds (server/main.cpp); release builds
// carry this code but nothing reaches it.
//
// It is an SQLite VFS over the default one, made the default itself. It
// counts commit syncs: an fsync of a write-ahead log after frames were
// written to it (a log header's sync and a checkpoint's sync are not
// commits). The N-th answers SQLITE_IOERR_FSYNC without syncing: the
// transaction's frames are in the log file (the kernel's page cache), its
// commit failed, and a crash now would recover it, exactly the case
// Database handles as an unknown outcome (database.h). With kKeepFailing
// every fsync, write and truncation after it fails too, of any file (a disk
// gone bad, or a file system remounted read-only after the error): nothing
// can put the file in step until the process ends, so a crash then recovers
// the failed transaction.
#pragma once

#include "common/result.h"

namespace mark::storage {

enum class AfterFailedSync { kRecover, kKeepFailing };

// Installs the VFS as SQLite's default. Call once, before any database is
// opened; `nth_commit` counts from 1.
Status InstallFailingFsyncVfs(int nth_commit, AfterFailedSync after);

}  // namespace mark::storage
