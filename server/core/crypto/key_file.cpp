#include "crypto/key_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace mark::crypto {

namespace fs = std::filesystem;

namespace {

std::string Mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

const char* TypeName(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

}  // namespace

std::optional<KeyFileKind> KeyFileKindOf(const fs::path& name) {
  const std::string file = name.filename().string();
  if (file == "keys.json") return KeyFileKind::kPublic;
  if (file.size() > 4 && file[0] != '.') {
    const std::string ext = name.extension().string();
    if (ext == ".key") return KeyFileKind::kSecret;
    if (ext == ".jwk") return KeyFileKind::kPublic;
  }
  return std::nullopt;
}

Status CheckKeyFileStatus(const fs::path& path, const struct stat& st, KeyFileKind kind) {
  const std::string p = path.string();
  if (S_ISLNK(st.st_mode))
    return Error::Make(ErrorCode::kForbidden, p + " is a symbolic link; a key file must be a regular file in the "
                                                  "key folder itself (put the file there instead of the link)");
  if (!S_ISREG(st.st_mode))
    return Error::Make(ErrorCode::kForbidden,
                       p + " is " + TypeName(st.st_mode) + ", not a regular file; a key file must be a regular file");
  if (st.st_uid != geteuid())
    return Error::Make(ErrorCode::kForbidden, p + " is owned by uid " + std::to_string(st.st_uid) +
                                                  ", not by the user running this program (uid " +
                                                  std::to_string(geteuid()) + "); run: chown " +
                                                  std::to_string(geteuid()) + " " + p);
  if (kind == KeyFileKind::kSecret && (st.st_mode & 077) != 0)
    return Error::Make(ErrorCode::kForbidden,
                       p + " is readable by group or others (mode " + Mode(st.st_mode) + "); run: chmod 600 " + p);
  if (kind == KeyFileKind::kPublic && (st.st_mode & 022) != 0)
    return Error::Make(ErrorCode::kForbidden,
                       p + " is writable by group or others (mode " + Mode(st.st_mode) + "); run: chmod 644 " + p);
  return {};
}

Status CheckKeyFolder(const fs::path& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0)
    return Error::Make(ErrorCode::kNotFound, "cannot open key folder " + dir.string() + ": " + std::strerror(errno));
  if (!S_ISDIR(st.st_mode)) return Error::Make(ErrorCode::kInvalid, "key folder " + dir.string() + " is not a folder");
  if ((st.st_mode & 022) != 0)
    return Error::Make(ErrorCode::kForbidden, "key folder " + dir.string() + " is writable by group or others (mode " +
                                                  Mode(st.st_mode) + "); run: chmod 700 " + dir.string());
  return {};
}

Status CheckKeyFiles(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto kind = KeyFileKindOf(entry.path());
    if (!kind) continue;
    struct stat st {};
    if (::lstat(entry.path().c_str(), &st) != 0)
      return Error::Make(ErrorCode::kInternal, "cannot stat " + entry.path().string() + ": " + std::strerror(errno));
    if (Status s = CheckKeyFileStatus(entry.path(), st, *kind); !s) return s;
  }
  if (ec) return Error::Make(ErrorCode::kInternal, "cannot list " + dir.string() + ": " + ec.message());
  return {};
}

Result<std::string> ReadKeyFile(const fs::path& path, KeyFileKind kind, size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    if (err == ELOOP)
      return Error::Make(ErrorCode::kForbidden, path.string() +
                                                    " is a symbolic link; a key file must be a regular "
                                                    "file in the key folder itself (put the file there "
                                                    "instead of the link)");
    return Error::Make(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kInternal,
                       "cannot open " + path.string() + ": " + std::strerror(err));
  }
  struct stat st {};
  Status checked =
      ::fstat(fd, &st) == 0
          ? CheckKeyFileStatus(path, st, kind)
          : Status(Error::Make(ErrorCode::kInternal, "cannot stat " + path.string() + ": " + std::strerror(errno)));
  if (!checked) {
    ::close(fd);
    return checked.error();
  }
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      Error e = Error::Make(ErrorCode::kInternal, "cannot read " + path.string() + ": " + std::strerror(errno));
      ::close(fd);
      return e;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes) {
      ::close(fd);
      return Error::Make(ErrorCode::kTooLarge, path.string() + " is larger than expected");
    }
  }
  ::close(fd);
  return out;
}

}  // namespace mark::crypto
