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
#include <utility>
#include <vector>

#include "badge/lang.h"

namespace mark::pages {

struct PageFrame {
  badge::Lang lang = badge::Lang::kJa;
  bool lang_chosen = false;  // the visitor chose it (?lang=): links keep it, Japanese too
  std::string title;         // plain text; escaped here
  std::string path;          // this page's path, for the language links ("/v/J0072")
  std::string keep_query;    // encoded query kept on language links ("q=abc"), without lang
  std::string static_prefix = "/static";
  bool with_script = false;  // load verify.js
  std::string body_class;    // "page-verify" ...
  // The registry's official address (its public URL), shown in the header
  // so a copy at another address can be told apart; "" leaves it out.
  std::string official_url;
};

// A complete HTML5 document around `main_html` (already-escaped markup).
std::string HtmlPage(const PageFrame& frame, std::string_view main_html);

// `url` when it is an absolute http(s) URL safe to link to, else empty: a
// registry field must never become a javascript: link.
std::string SafeHttpUrl(std::string_view url);

// "?lang=en" style suffix for links between the pages: the page's language
// unless it is Japanese and was not chosen (the default, and the browser's
// preference is asked again on the next page).
std::string LangQuery(badge::Lang lang, bool chosen = false);

// `tmpl` with each {name} replaced by its HTML from `html`; the template's
// own text is escaped, an unknown {name} is kept as text.
std::string FillTemplate(std::string_view tmpl, const std::vector<std::pair<std::string_view, std::string>>& html);

// A domain (or host) as HTML that a narrow screen wraps only before a dot:
// each label is kept whole ("sakura-net" never breaks at its hyphen), and a
// line may break before each ".label". Copying the text gives the domain.
std::string DomainHtml(std::string_view domain);

}  // namespace mark::pages
