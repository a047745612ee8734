// The HTML answer of a public page's path when it cannot be served: not
// found, a request it cannot take, or a moment when the registry cannot
// answer (http/page_errors.h decides when). A browser that asked for a page
// gets a page, never a problem+json document, in the visitor's language and
// with the way back to the search. Pure function; thread-safe.
#pragma once

#include <string>

#include "badge/lang.h"

namespace mark::pages {

struct ErrorPageInput {
  badge::Lang lang = badge::Lang::kJa;
  bool lang_chosen = false;
  int status = 404;        // the HTTP status the page is answered with
  std::string public_url;  // the registry's official address, in the header
  std::string static_prefix = "/static";
};

std::string RenderErrorPage(const ErrorPageInput& in);

}  // namespace mark::pages
