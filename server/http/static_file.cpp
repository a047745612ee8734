#include "http/static_file.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "http/etag.h"
#include "http/problem.h"

namespace mark::http {

void SendStaticFile(const httplib::Request& req, httplib::Response& res, const std::filesystem::path& static_dir,
                    std::string_view name, std::string_view content_type, std::string_view cache_control) {
  const std::string file(name);
  std::ifstream in(static_dir / file, std::ios::binary);
  std::stringstream body;
  if (in.is_open()) body << in.rdbuf();
  if (!in.is_open() || in.bad()) {
    std::fprintf(stderr, "error: cannot read static file %s\n", file.c_str());
    return SendProblem(res, 404, "no such file");
  }
  const std::string etag = StrongEtag(file + "\n" + body.str());
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", std::string(cache_control));
  if (AnswerNotModified(req, res, etag)) return;
  res.status = 200;
  res.set_content(body.str(), std::string(content_type));
}

}  // namespace mark::http
