// Files from the static folder (ServerContext::static_dir): the one way
// markd serves them, for the public pages' CSS and script
// (routes_static.cpp) and the secretariat console (routes_console.cpp). Each
// route names its files in a fixed list; no path from a request ever
// reaches the file system, so "..", NUL bytes or encoded slashes cannot name
// another file. Thread-safe.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <string_view>

namespace mark::http {

// Answers the file `name` (a fixed name, possibly in a subfolder:
// "admin/index.html") of `static_dir`, read now (a new release is served
// without a restart), as `content_type` with `cache_control`, a strong ETag
// of its name and bytes, and 304 Not Modified when If-None-Match names it.
// A file that cannot be read answers 404 problem+json and says so on stderr.
void SendStaticFile(const httplib::Request& req, httplib::Response& res, const std::filesystem::path& static_dir,
                    std::string_view name, std::string_view content_type, std::string_view cache_control);

}  // namespace mark::http
