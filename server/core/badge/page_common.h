// The frame shared by the public HTML pages (verify, search, embed): the
// document head, site header with language links, and footer. Pages are
// server-rendered so the answer works without JavaScript, and are written
// for a strict Content-Security-Policy: no inline script, no inline style,
// no event-handler attributes; styling from {static_prefix}/site.css and the
// one script from {static_prefix}/verify.js. The server should send
//   Content-Security-Policy: default-src 'none'; script-src 'self';
//     style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self';
//     base-uri 'none'; frame-ancestors 'none'
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "badge/lang.h"

namespace mark::badge {

struct PageFrame {
  Lang lang = Lang::kJa;
  std::string title;          // plain text; escaped here
  std::string path;           // this page's path, for the language links ("/v/J0072")
  std::string keep_query;     // encoded query kept on language links ("q=abc"), without lang
  std::string static_prefix = "/static";
  bool with_script = false;   // load verify.js
  std::string body_class;     // "page-verify" ...
};

// A complete HTML5 document around `main_html` (already-escaped markup).
std::string HtmlPage(const PageFrame& frame, std::string_view main_html);

// `url` when it is an absolute http(s) URL safe to link to, else empty: a
// registry field must never become a javascript: link.
std::string SafeHttpUrl(std::string_view url);

// "?lang=en" style suffix ("" for Japanese, the default).
std::string LangQuery(Lang lang);

}  // namespace mark::badge
