#include "common/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mark {

static Error IoError(const std::string& what, const std::filesystem::path& path) {
  int err = errno;
  ErrorCode code = (err == ENOSPC || err == EROFS || err == EDQUOT) ? ErrorCode::kUnavailable : ErrorCode::kInternal;
  return Error::Make(code, what + " " + path.string() + ": " + std::strerror(err));
}

namespace {

Status SyncFolderOf(const std::filesystem::path& path) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return IoError("cannot open folder of", path);
  int rc = fsync(dfd);
  close(dfd);
  if (rc != 0) return IoError("cannot fsync folder of", path);
  return {};
}

}  // namespace

Status WriteFileAtomic(const std::filesystem::path& path, std::string_view content, mode_t mode,
                       Durability durability) {
  std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  std::string tmpl = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  // mkostemp creates 0600; fchmod to the wanted mode before any byte is
  // written. Close-on-exec: markctl starts itself (backup's check) meanwhile.
  int fd = mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd < 0) return IoError("cannot create temporary file for", path);
  auto fail = [&](const std::string& what) {
    Error e = IoError(what, path);
    close(fd);
    unlink(tmpl.c_str());
    return e;
  };
  if (fchmod(fd, mode) != 0) return fail("cannot set mode of");
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write");
    }
    done += static_cast<size_t>(n);
  }
  if (durability == Durability::kSynced && fsync(fd) != 0) return fail("cannot fsync");
  if (close(fd) != 0) {
    Error e = IoError("cannot close", path);
    unlink(tmpl.c_str());
    return e;
  }
  if (rename(tmpl.c_str(), path.c_str()) != 0) {
    Error e = IoError("cannot rename into", path);
    unlink(tmpl.c_str());
    return e;
  }
  return durability == Durability::kSynced ? SyncFolderOf(path) : Status{};
}

Status ReplaceFileAtomic(const std::filesystem::path& written, const std::filesystem::path& target,
                         Durability durability) {
  if (durability == Durability::kSynced) {
    int fd = open(written.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return IoError("cannot open", written);
    int rc = fsync(fd);
    close(fd);
    if (rc != 0) return IoError("cannot fsync", written);
  }
  if (rename(written.c_str(), target.c_str()) != 0) return IoError("cannot rename into", target);
  return durability == Durability::kSynced ? SyncFolderOf(target) : Status{};
}

Result<std::string> ReadWholeFile(const std::filesystem::path& path, size_t max_bytes) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open", path);
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      Error e = IoError("cannot read", path);
      close(fd);
      return e;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes) {
      close(fd);
      return Error::Make(ErrorCode::kTooLarge, path.string() + " is larger than expected");
    }
  }
  close(fd);
  return out;
}

}  // namespace mark
