// Errors on the public pages' paths are pages: a browser that asked for the
// search page, a verify page, an embed kit or the console gets HTML (in the
// visitor's language, with the way back to the search), never a
// problem+json document, whatever went wrong (not found, a method the page
// does not take, an exception, the registry unavailable). The API, the
// well-known documents, feeds, badges and static files keep their own types.
#pragma once

#include <httplib.h>

#include <string_view>

#include "http/context.h"

namespace mark::http {

// "/", "/v", "/v/{n}", "/v/{n}/", the same under /embed, and "/admin" with
// everything under it but its script and style sheet. A longer path under
// /v/ or /embed/ ("/v/{n}/feed.atom") is not a page.
bool IsPagePath(std::string_view path);

// True when an error answer to `req` must be the HTML error page: a page's
// path, or a path no route knows asked for by a browser's navigation
// (Accept names text/html) outside /api/ and /.well-known/.
bool AnswersWithPage(const httplib::Request& req, const httplib::Response& res);

// Makes `res` the HTML error page for `status` (its headers kept: Allow,
// Retry-After, ...).
void SendPageError(const ServerContext& ctx, const httplib::Request& req, httplib::Response& res, int status);

}  // namespace mark::http
