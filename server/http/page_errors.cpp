#include "http/page_errors.h"

#include "pages/page_error.h"
#include "http/public_request.h"

namespace mark::http {

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// "/v", "/v/", "/v/X", "/v/X/" for `root` "/v".
bool OneSegmentUnder(std::string_view path, std::string_view root) {
  if (!StartsWith(path, root)) return false;
  std::string_view rest = path.substr(root.size());
  if (rest.empty() || rest == "/") return true;
  if (rest.front() != '/') return false;
  rest.remove_prefix(1);
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  return rest.find('/') == std::string_view::npos;
}

}  // namespace

bool IsPagePath(std::string_view path) {
  if (path == "/" || OneSegmentUnder(path, "/v") || OneSegmentUnder(path, "/embed")) return true;
  if (path == "/admin" || StartsWith(path, "/admin/")) {
    const std::string_view last = path.substr(path.rfind('/') + 1);
    return !(last.size() > 3 && (last.ends_with(".js") || last.ends_with(".css")));
  }
  return false;
}

bool AnswersWithPage(const httplib::Request& req, const httplib::Response& res) {
  if (res.status < 400) return false;
  const std::string type = res.get_header_value("Content-Type");
  const bool problem_or_nothing = res.body.empty() || type.rfind("application/problem+json", 0) == 0;
  if (!problem_or_nothing) return false;  // a handler's own answer (a not-registered page, a badge)
  if (IsPagePath(req.path)) return true;
  // No route took it: a browser navigating to a made-up address.
  return res.body.empty() && !StartsWith(req.path, "/api/") && !StartsWith(req.path, "/.well-known/") &&
         req.get_header_value("Accept").find("text/html") != std::string::npos;
}

void SendPageError(const ServerContext& ctx, const httplib::Request& req, httplib::Response& res, int status) {
  const PageLang pl = RequestPageLang(req);
  pages::ErrorPageInput in;
  in.lang = pl.lang;
  in.lang_chosen = pl.chosen;
  in.status = status;
  in.public_url = ctx.public_url;
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(pages::RenderErrorPage(in), "text/html; charset=utf-8");
}

}  // namespace mark::http
