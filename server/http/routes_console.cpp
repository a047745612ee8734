// The secretariat console: GET /admin/ (index.html),
// /admin/admin.js (the shell), /admin/admin.css and one script per page
// (/admin/marks.js, /admin/reports.js, …), read from ServerContext::static_dir /
// "admin". Only the names in a fixed list are served, so no path from the
// request reaches the file system. The page holds no data: everything comes
// from the authenticated API, with the token the user signs in with.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "http/problem.h"
#include "http/routes.h"

namespace mark::http {

namespace {

struct ConsoleFile {
  const char* pattern;  // the request path (a regex: dots escaped)
  const char* name;  // in static_dir/admin
  const char* content_type;
};

constexpr ConsoleFile kConsoleFiles[] = {
    {"/admin/", "index.html", "text/html; charset=utf-8"},
    {"/admin/admin\\.js", "admin.js", "text/javascript; charset=utf-8"},
    {"/admin/admin\\.css", "admin.css", "text/css; charset=utf-8"},
    {"/admin/dashboard\\.js", "dashboard.js", "text/javascript; charset=utf-8"},
    {"/admin/operators\\.js", "operators.js", "text/javascript; charset=utf-8"},
    {"/admin/applications\\.js", "applications.js", "text/javascript; charset=utf-8"},
    {"/admin/marks\\.js", "marks.js", "text/javascript; charset=utf-8"},
    {"/admin/calendar\\.js", "calendar.js", "text/javascript; charset=utf-8"},
    {"/admin/reports\\.js", "reports.js", "text/javascript; charset=utf-8"},
    {"/admin/help\\.js", "help.js", "text/javascript; charset=utf-8"},
    {"/admin/outbox\\.js", "outbox.js", "text/javascript; charset=utf-8"},
};

void Serve(ServerContext& ctx, const ConsoleFile& file, httplib::Response& res) {
  std::ifstream in(ctx.static_dir / "admin" / file.name, std::ios::binary);
  std::stringstream body;
  if (in.is_open()) body << in.rdbuf();
  if (!in.is_open() || in.bad()) {
    std::fprintf(stderr, "error: cannot read console file admin/%s\n", file.name);
    return SendProblem(res, 404, "no such file");
  }
  // Short caching: a new release must reach the secretariat quickly.
  res.set_header("Cache-Control", "no-cache");
  res.status = 200;
  res.set_content(body.str(), file.content_type);
}

}  // namespace

void RegisterConsoleRoutes(Router& router, ServerContext& ctx) {
  router.Get("/admin", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/admin/", 301);
  });
  for (const ConsoleFile& f : kConsoleFiles) {
    router.Get(f.pattern, [&ctx, &f](const httplib::Request&, httplib::Response& res) { Serve(ctx, f, res); });
  }
}

}  // namespace mark::http
