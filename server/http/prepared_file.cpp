#include "http/prepared_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "http/etag.h"

namespace mark::http {

namespace {

constexpr size_t kReadPiece = 256 * 1024;

// An unnamed file in the temporary folder: O_TMPFILE where the file system
// has it, else a named one unlinked at once.
int UnnamedTempFile() {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) dir = "/tmp";
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string name = (dir / "markd-export-XXXXXX").string();
  fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd >= 0) ::unlink(name.c_str());
  return fd;
}

}  // namespace

PreparedFile::Answer::~Answer() {
  if (fd >= 0) ::close(fd);
}

bool PreparedFile::FreshLocked(uint64_t seen, Date today) const {
  return current_ && current_->generation >= seen && current_->date == today;
}

Result<std::shared_ptr<const PreparedFile::Answer>> PreparedFile::Get(const ServerContext& ctx) {
  const uint64_t seen = ctx.db.Generation();
  const Date today = JstDate(ctx.clock.Now());
  {
    std::lock_guard lock(mu_);
    if (FreshLocked(seen, today)) return current_->answer;
  }
  std::lock_guard making(making_mu_);
  {
    // The making this request waited for may have begun after it arrived.
    std::lock_guard lock(mu_);
    if (FreshLocked(seen, today)) return current_->answer;
  }
  // Taken before reading: a commit racing the making can only put fresh
  // data under an older generation, never stale data under a newer one.
  const uint64_t generation = ctx.db.Generation();
  const Date date = JstDate(ctx.clock.Now());
  auto made = MakeFile();
  if (!made) return made.error();
  std::lock_guard lock(mu_);
  current_ = Made{generation, date, *made};
  return *made;
}

Result<std::shared_ptr<const PreparedFile::Answer>> PreparedFile::MakeFile() const {
  // Closes the file unless the made answer took it.
  struct FileGuard {
    int fd;
    ~FileGuard() {
      if (fd >= 0) ::close(fd);
    }
  } file{UnnamedTempFile()};
  if (file.fd < 0)
    return Error::Make(ErrorCode::kUnavailable, std::string("cannot create a temporary file: ") + std::strerror(errno));
  EtagHasher hasher;
  uint64_t size = 0;
  Status st = make_([&](std::string_view piece) -> Status {
    hasher.Update(piece);
    size_t done = 0;
    while (done < piece.size()) {
      const ssize_t n = ::write(file.fd, piece.data() + done, piece.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0)
        return Error::Make(ErrorCode::kUnavailable,
                           std::string("cannot write a temporary file: ") + std::strerror(errno));
      done += static_cast<size_t>(n);
    }
    size += piece.size();
    return Status{};
  });
  if (!st) return st.error();
  auto answer = std::make_shared<const Answer>(file.fd, size, hasher.Final());
  file.fd = -1;
  return answer;
}

void PreparedFile::Send(const httplib::Request& req, httplib::Response& res,
                        std::shared_ptr<const Answer> answer) const {
  res.set_header("ETag", answer->etag);
  res.set_header("Cache-Control", "public, max-age=60, must-revalidate");
  res.set_header("Access-Control-Allow-Origin", "*");
  res.set_header("Content-Disposition", "attachment; filename=\"" + filename_ + "\"");
  if (AnswerNotModified(req, res, answer->etag)) return;
  res.status = 200;
  const uint64_t size = answer->size;
  res.set_content_provider(static_cast<size_t>(size), content_type_,
                           [answer = std::move(answer)](size_t offset, size_t length, httplib::DataSink& sink) {
                             std::vector<char> buffer(std::min(length, kReadPiece));
                             ssize_t n = -1;
                             while (n < 0) {
                               n = ::pread(answer->fd, buffer.data(), buffer.size(), static_cast<off_t>(offset));
                               if (n < 0 && errno != EINTR) return false;
                             }
                             if (n == 0) return false;  // the file is shorter than it was made: cut the answer
                             return sink.write(buffer.data(), static_cast<size_t>(n));
                           });
}

}  // namespace mark::http
