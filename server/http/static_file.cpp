#include "http/static_file.h"

#include <cstdio>
#include <string>

#include "common/atomic_file.h"
#include "http/etag.h"
#include "http/problem.h"

namespace mark::http {

void SendStaticFile(const httplib::Request& req, httplib::Response& res, const std::filesystem::path& static_dir,
                    std::string_view name, std::string_view content_type, std::string_view cache_control) {
  const std::string file(name);
  auto body = ReadWholeFile(static_dir / file, kMaxStaticFileBytes);
  if (!body) {
    std::fprintf(stderr, "error: cannot read static file %s\n", file.c_str());
    return SendProblem(res, 404, "no such file");
  }
  const std::string etag = StrongEtag(file + "\n" + *body);
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", std::string(cache_control));
  if (AnswerNotModified(req, res, etag)) return;
  res.status = 200;
  res.set_content(std::move(*body), std::string(content_type));
}

}  // namespace mark::http
