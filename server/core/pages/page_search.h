// The public registry search page, GET /?q=...: a search form and the
// results the caller found (same search as GET /api/v1/marks), each with its
// status, number, service, operator and a link to its verification page; a
// result found only by an SSID that looks like the one typed is labelled as
// another network. When nothing is found it says how to search again, and
// warns that a mark may not be genuine only when an exact number or domain
// found nothing. Works without JavaScript. Pure function; thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "badge/lang.h"
#include "common/model.h"

namespace mark::pages {

struct SearchPageInput {
  badge::Lang lang = badge::Lang::kJa;
  std::string query;              // as typed; empty shows the form and an introduction
  std::vector<MarkView> results;  // status as of the request, best first
  std::string next_cursor;        // non-empty adds a "more results" link
  std::string static_prefix = "/static";
  bool lang_chosen = false;  // by ?lang= (links keep it)
  std::string public_url;    // the registry's official address, in the header
  // What the query was, for what "nothing found" may say.
  enum class QueryKind { kWords, kNumber, kDomain };
  QueryKind query_kind = QueryKind::kWords;
  std::string query_exact;  // the number or host as read (for kNumber, kDomain)
  // Results found by an SSID that only looks like the query: mark number →
  // its registered SSID (SSIDs are case-sensitive: another network).
  std::map<std::string, std::string> near_ssid;
};

std::string RenderSearchPage(const SearchPageInput& in);

}  // namespace mark::pages
