// The public registry search page, GET /?q=...: a search form and the
// results the caller found (same search as GET /api/v1/marks), each with its
// status, number, service, operator and a link to its verification page.
// Works without JavaScript. Pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "badge/lang.h"
#include "common/model.h"

namespace mark::badge {

struct SearchPageInput {
  Lang lang = Lang::kJa;
  std::string query;                 // as typed; empty shows the form and an introduction
  std::vector<MarkView> results;     // status as of the request
  std::string next_cursor;           // non-empty adds a "more results" link
  std::string static_prefix = "/static";
};

std::string RenderSearchPage(const SearchPageInput& in);

}  // namespace mark::badge
