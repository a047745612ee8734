#include "storage/failing_vfs.h"

#include <sqlite3.h>

#include <atomic>
#include <cstddef>

namespace mark::storage {

namespace {

// A write-ahead log starts with a 32-byte header; frames follow it.
constexpr sqlite3_int64 kWalHeaderBytes = 32;

struct Fault {
  int nth = 0;
  bool keep_failing = false;
  std::atomic<int> commits{0};
  std::atomic<bool> failing{false};
};
Fault g_fault;
sqlite3_vfs* g_base = nullptr;
sqlite3_vfs g_vfs;

// Our file, with the default VFS's file right behind it in the same block
// (szOsFile covers both). SQLite's blocks are 8-byte aligned, and so is
// File (pointers first), so the default VFS's file behind it is too.
struct File {
  sqlite3_file base;
  sqlite3_file* real;
  bool wal;
  bool frames_written;  // since the last sync
};

sqlite3_file* Real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

int Close(sqlite3_file* f) { return Real(f)->pMethods->xClose(Real(f)); }
int ReadAt(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  return Real(f)->pMethods->xRead(Real(f), buf, n, off);
}
int WriteAt(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  if (g_fault.failing) return SQLITE_IOERR_WRITE;
  auto* file = reinterpret_cast<File*>(f);
  if (file->wal && off >= kWalHeaderBytes) file->frames_written = true;
  return Real(f)->pMethods->xWrite(Real(f), buf, n, off);
}
int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (g_fault.failing) return SQLITE_IOERR_TRUNCATE;
  return Real(f)->pMethods->xTruncate(Real(f), size);
}
int Sync(sqlite3_file* f, int flags) {
  auto* file = reinterpret_cast<File*>(f);
  if (file->wal && file->frames_written) {
    file->frames_written = false;
    const int n = ++g_fault.commits;
    if (n == g_fault.nth || (g_fault.keep_failing && n > g_fault.nth)) {
      if (g_fault.keep_failing) g_fault.failing = true;
      return SQLITE_IOERR_FSYNC;
    }
  }
  if (g_fault.failing) return SQLITE_IOERR_FSYNC;
  return Real(f)->pMethods->xSync(Real(f), flags);
}
int FileSize(sqlite3_file* f, sqlite3_int64* size) { return Real(f)->pMethods->xFileSize(Real(f), size); }
int Lock(sqlite3_file* f, int level) { return Real(f)->pMethods->xLock(Real(f), level); }
int Unlock(sqlite3_file* f, int level) { return Real(f)->pMethods->xUnlock(Real(f), level); }
int CheckReservedLock(sqlite3_file* f, int* out) { return Real(f)->pMethods->xCheckReservedLock(Real(f), out); }
int FileControl(sqlite3_file* f, int op, void* arg) { return Real(f)->pMethods->xFileControl(Real(f), op, arg); }
int SectorSize(sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }
int DeviceCharacteristics(sqlite3_file* f) { return Real(f)->pMethods->xDeviceCharacteristics(Real(f)); }
int ShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return Real(f)->pMethods->xShmMap(Real(f), region, size, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }
int ShmUnmap(sqlite3_file* f, int delete_flag) { return Real(f)->pMethods->xShmUnmap(Real(f), delete_flag); }
int Fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** out) {
  return Real(f)->pMethods->xFetch(Real(f), off, n, out);
}
int Unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) { return Real(f)->pMethods->xUnfetch(Real(f), off, p); }

const sqlite3_io_methods kMethods = {
    3,
    Close,
    ReadAt,
    WriteAt,
    Truncate,
    Sync,
    FileSize,
    Lock,
    Unlock,
    CheckReservedLock,
    FileControl,
    SectorSize,
    DeviceCharacteristics,
    ShmMap,
    ShmLock,
    ShmBarrier,
    ShmUnmap,
    Fetch,
    Unfetch,
};

int Open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  auto* file = reinterpret_cast<File*>(f);
  file->base.pMethods = nullptr;  // SQLite closes nothing if the open fails
  file->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + sizeof(File));
  file->wal = (flags & SQLITE_OPEN_WAL) != 0;
  file->frames_written = false;
  const int rc = g_base->xOpen(g_base, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  // Every method above forwards to version-3 methods.
  if (file->real->pMethods == nullptr || file->real->pMethods->iVersion < 3) {
    if (file->real->pMethods) file->real->pMethods->xClose(file->real);
    return SQLITE_CANTOPEN;
  }
  file->base.pMethods = &kMethods;
  return SQLITE_OK;
}

}  // namespace

Status InstallFailingFsyncVfs(int nth_commit, AfterFailedSync after) {
  if (g_base != nullptr) return Error::Make(ErrorCode::kInternal, "the failing-fsync VFS is installed already");
  if (nth_commit < 1) return Error::Make(ErrorCode::kInvalid, "the failing commit counts from 1");
  if (sqlite3_initialize() != SQLITE_OK) return Error::Make(ErrorCode::kInternal, "sqlite3_initialize failed");
  g_base = sqlite3_vfs_find(nullptr);
  if (g_base == nullptr) return Error::Make(ErrorCode::kInternal, "SQLite has no default VFS");
  g_fault.nth = nth_commit;
  g_fault.keep_failing = after == AfterFailedSync::kKeepFailing;
  g_vfs = *g_base;  // the default's own methods for everything but files
  g_vfs.pNext = nullptr;
  g_vfs.zName = "mark-failing-fsync";
  g_vfs.szOsFile = static_cast<int>(sizeof(File)) + g_base->szOsFile;
  g_vfs.xOpen = Open;
  if (sqlite3_vfs_register(&g_vfs, 1) != SQLITE_OK)
    return Error::Make(ErrorCode::kInternal, "cannot register the failing-fsync VFS");
  return {};
}

}  // namespace mark::storage
