// The public pages' two static files, GET /static/site.css and
// /static/verify.js, read from ServerContext::static_dir. Only names in a
// fixed list are served: no path from the request ever reaches the file
// system, so "..", NUL bytes or encoded slashes cannot name another file
// (http/static_file.h serves them).
#include "http/problem.h"
#include "http/routes.h"
#include "http/static_file.h"

namespace mark::http {

namespace {

struct StaticFile {
  const char* name;
  const char* content_type;
};

constexpr StaticFile kStaticFiles[] = {
    {"site.css", "text/css; charset=utf-8"},
    {"verify.js", "text/javascript; charset=utf-8"},
};

}  // namespace

void RegisterStaticRoutes(Router& router, ServerContext& ctx) {
  // The pattern is for the 405 table only; the list below decides.
  router.Get("/static/([a-z0-9][a-z0-9._-]{0,63})", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const std::string asked = req.matches[1];
    const StaticFile* file = nullptr;
    for (const auto& f : kStaticFiles)
      if (asked == f.name) file = &f;
    if (!file) return SendProblem(res, 404, "no such file");
    // Short: a new release changes them; the ETag makes revalidation cheap.
    SendStaticFile(req, res, ctx.static_dir, file->name, file->content_type, "public, max-age=300");
  });
}

}  // namespace mark::http
