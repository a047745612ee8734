// The secretariat console: GET /admin/ (index.html),
// /admin/admin.js (the shell), /admin/admin.css and one script per page
// (/admin/marks.js, /admin/reports.js, …), read from ServerContext::static_dir /
// "admin" (http/static_file.h). Only the names in a fixed list are served, so
// no path from the request reaches the file system. The page holds no data: everything comes
// from the authenticated API, with the token the user signs in with.
#include <string>

#include "http/routes.h"
#include "http/static_file.h"

namespace mark::http {

namespace {

struct ConsoleFile {
  const char* pattern;  // the request path (a regex: dots escaped)
  const char* name;     // in static_dir/admin
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

// Revalidated on every use: a new release must reach the secretariat at once.
constexpr const char* kConsoleCaching = "no-cache";

}  // namespace

void RegisterConsoleRoutes(Router& router, ServerContext& ctx) {
  router.Get("/admin", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/admin/", 301); });
  for (const ConsoleFile& f : kConsoleFiles) {
    router.Get(f.pattern, [&ctx, &f](const httplib::Request& req, httplib::Response& res) {
      SendStaticFile(req, res, ctx.static_dir, std::string("admin/") + f.name, f.content_type, kConsoleCaching);
    });
  }
}

}  // namespace mark::http
