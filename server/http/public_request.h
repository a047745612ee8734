// What the public pages and images read from a request: the language, the
// page that showed a badge (for the anti-copy warning) and the mark asked
// for. Shared by routes_badges.cpp and routes_pages.cpp so a badge and its
// verification page always judge a request the same way.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include "badge/foreign_site.h"
#include "badge/lang.h"
#include "common/model.h"
#include "common/result.h"
#include "http/context.h"

namespace mark::http {

// Paths of the public pages and images accept this much as a number (so a
// lower-case or mistyped number gets a "not registered" answer, not a bare
// 404); registry/mark_number.h decides what is a real one.
inline constexpr const char* kPublicNumberPattern = "([A-Za-z0-9-]{1,32})";

// `?lang=` (first value); Japanese when absent or unknown. Badges and QR
// codes: an image's words never depend on the browser that fetched it.
badge::Lang RequestLang(const httplib::Request& req);

// The language of a public page (search, verify, embed, error pages):
// `?lang=` when it names ja, en, zh or ko (a choice, which the page's links
// carry on), else the browser's Accept-Language (badge/lang.h
// LangFromAcceptLanguage), else Japanese. Behind the nginx front the
// header markd sees is the front's resolution of the visitor's one (the
// token its cache keys on), so the front and markd always agree.
struct PageLang {
  badge::Lang lang = badge::Lang::kJa;
  bool chosen = false;  // from ?lang=
};
PageLang RequestPageLang(const httplib::Request& req);

// The Origin header when it is a real origin, else the Referer; "" when
// neither was sent (a QR scan, a no-referrer policy or a privacy setting).
std::string ClaimedOrigin(const httplib::Request& req);

// The host of ClaimedOrigin (badge/foreign_site.h HostOf), "" when there is
// none or it is unparsable (for a badge: site not confirmed). With the
// registry's state, all that the site judgement depends on, so prepared
// answers key on it.
std::string ClaimedHost(const httplib::Request& req);

// The number as asked, in the form the registry prints it: full-width
// forms, lower case and separators folded (common/search_key.h
// MarkNumberKey), so "j0072" and "Ｊ００７２" find J0072.
std::string NormalizeAskedNumber(std::string_view asked);

// The mark with `number` (status as of now), nullopt when the registry has
// no such mark; an Error only when the registry cannot answer.
Result<std::optional<MarkView>> FindPublicMark(ServerContext& ctx, const std::string& number);

// Where a badge of `view` is shown, judged from the request's Referer or
// Origin (badge/foreign_site.h JudgeBadgeSite).
badge::BadgeSite BadgeSiteFor(ServerContext& ctx, const httplib::Request& req, const MarkView& view);

// The host to warn about on a verify page of `view` (nullopt: no warning;
// a page reached without a Referer is not a warning).
std::optional<std::string> ForeignHostFor(ServerContext& ctx, const httplib::Request& req,
                                          const std::optional<MarkView>& view);

}  // namespace mark::http
