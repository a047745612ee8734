// PreparedFile: a large public answer (the open-data exports,
// publish/open_data.h: every mark as CSV or JSON Lines) made at most once
// per registry state into an unnamed temporary file and streamed from there
// with pread, so markd's memory does not grow with the registry (the
// kernel's page cache holds the bytes) and a thousand downloads cost one
// build. Making it reads the registry a page at a time and holds no writer.
//
// Freshness as in public_cache.h: an answer is made for a database
// generation and a JST date. A request takes the newest answer whose making
// began at or after the generation the request saw on arrival (so it
// reflects every commit before the request) on today's date, or makes one.
// One making runs at a time; requests arriving meanwhile wait for it and
// take its answer when it is fresh enough for them, so downloads during a
// stream of writes cost one making at a time, not one each. The ETag is the
// content's (http/etag.h), so it changes exactly when the bytes do.
// The file lives in the temporary folder (TMPDIR, else /tmp; markd.service
// gives markd a private one) and is gone once the last download of it ends.
// Thread-safe.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/jst.h"
#include "common/result.h"
#include "http/context.h"
#include "publish/open_data.h"

namespace mark::http {

class PreparedFile {
 public:
  // One made answer; closes its file when the last holder lets go.
  struct Answer {
    Answer(int fd_in, uint64_t size_in, std::string etag_in) : fd(fd_in), size(size_in), etag(std::move(etag_in)) {}
    ~Answer();
    Answer(const Answer&) = delete;
    Answer& operator=(const Answer&) = delete;
    const int fd;
    const uint64_t size;
    const std::string etag;  // quotes included
  };

  // How the answer is written: the whole file, in pieces, to the sink.
  using Make = std::function<Status(const publish::ByteSink&)>;
  // `content_type` and `filename` (Content-Disposition) of every answer.
  PreparedFile(Make make, std::string content_type, std::string filename)
      : make_(std::move(make)), content_type_(std::move(content_type)), filename_(std::move(filename)) {}

  // The answer for a request arriving now (see above); an Error when the
  // registry cannot be read or the temporary file cannot be written.
  Result<std::shared_ptr<const Answer>> Get(const ServerContext& ctx);

  // Sends `answer` (200 streamed from its file, or 304 when If-None-Match
  // names it) with ETag, public caching, CORS and Content-Disposition.
  void Send(const httplib::Request& req, httplib::Response& res, std::shared_ptr<const Answer> answer) const;

 private:
  struct Made {
    uint64_t generation = 0;
    Date date{};
    std::shared_ptr<const Answer> answer;
  };
  bool FreshLocked(uint64_t seen, Date today) const;
  Result<std::shared_ptr<const Answer>> MakeFile() const;

  const Make make_;
  const std::string content_type_;
  const std::string filename_;
  std::mutex making_mu_;  // one making at a time
  mutable std::mutex mu_;
  std::optional<Made> current_;  // mu_
};

}  // namespace mark::http
