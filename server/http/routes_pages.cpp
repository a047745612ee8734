// The public HTML pages: the registry search page (GET /), the verification
// page a QR code leads to (GET /v/{number}) and the embed kit for an ISP's
// web master (GET /embed/{number}). Server-rendered (pages/page_*.h), so the
// answer works without JavaScript; served under the strict default CSP of
// server.cpp. Nothing here logs what was looked up (the access log has the
// path but never the query string).
//
// Language: ?lang=, else the browser's Accept-Language, else Japanese
// (public_request.h RequestPageLang). The answers do not say Vary:
// Accept-Language: they are Cache-Control: no-cache with an ETag that
// differs by language, so every cache revalidates and gets the visitor's
// language; the nginx front keys its micro-cache on the resolved language
// instead of the raw header (server/deploy/nginx/anshin-mark.conf).
#include <cctype>
#include <set>

#include "pages/page_embed.h"
#include "pages/page_search.h"
#include "pages/page_verify.h"
#include "common/utf8_text.h"
#include "common/mark_links.h"
#include "common/jst.h"
#include "common/search_key.h"
#include "common/trim.h"
#include "http/page_errors.h"
#include "http/problem.h"
#include "http/public_cache.h"
#include "http/public_request.h"
#include "http/routes.h"
#include "publish/history_lines.h"
#include "registry/mark_number.h"
#include "common/ssid_skeleton.h"
#include "common/utf8.h"

namespace mark::http {

namespace {

constexpr size_t kMaxQueryBytes = 200;  // as ParseSearchQuery allows

// The answer changes with the mark's status and (on /v/) with the page that
// linked here: revalidate every time (a strong ETag makes that a 304).
constexpr const char* kPageCaching = "no-cache";

void SendPage(httplib::Response& res, int status, std::string html) {
  res.status = status;
  res.set_header("Cache-Control", kPageCaching);
  res.set_content(std::move(html), "text/html; charset=utf-8");
}

// The registry could not answer: an HTML page saying so (never "not
// registered", which would be a false alarm about a genuine mark).
void SendRegistryError(const ServerContext& ctx, const httplib::Request& req, httplib::Response& res, const Error& e) {
  SendPageError(ctx, req, res, StatusFor(e.code));
}

// The search box as typed: valid UTF-8, at most kMaxQueryBytes (cut between
// characters), without surrounding white space.
std::string BoxText(const httplib::Request& req) {
  std::string q = SanitizeUtf8(TrimAsciiSpace(req.get_param_value("q")));
  if (q.size() > kMaxQueryBytes) {
    q = std::string(TrimAsciiSpace(q.substr(0, Utf8CodePointStart(q, kMaxQueryBytes))));
  }
  return q;
}

// The host in text that looks like a domain or a web address
// ("www.example.jp", "https://example.jp/path", full-width "ｗｗｗ．…"), or ""
// when it does not.
std::string DomainLike(const std::string& typed) {
  std::string s = WidthAndCaseFolded(typed);
  for (std::string_view scheme : {"https://", "http://"})
    if (s.rfind(scheme, 0) == 0) s = s.substr(scheme.size());
  s = s.substr(0, s.find_first_of("/?#"));
  if (auto colon = s.rfind(':'); colon != std::string::npos) s = s.substr(0, colon);
  if (s.find('.') == std::string::npos || s.find_first_of(" \t") != std::string::npos) return {};
  return s;
}

using Params = std::multimap<std::string, std::string>;

// One search of the registry with the API's own parser, its results added
// to `out` unless `seen`. An invalid sub-query (text that is not a possible
// domain or SSID) finds nothing and says so (false); an Error only when the
// registry cannot answer.
Result<bool> SearchInto(ServerContext& ctx, const Params& params, bool whole_key, std::vector<MarkView>& out,
                        std::set<std::string>& seen, std::string* next_cursor) {
  auto query = registry::ParseSearchQuery(params);
  if (!query) return false;
  query->whole_key = whole_key;
  auto page = ctx.registry.Search(*query);
  if (!page) return page.error();
  for (auto& v : page->items)
    if (seen.insert(v.mark.number).second) out.push_back(std::move(v));
  if (next_cursor) *next_cursor = page->next_cursor;
  return true;
}

// The registered SSID of `v` that looks like `typed` but is not it, or "".
std::string NearSsid(const MarkView& v, const std::string& typed) {
  const std::string skeleton = SsidSkeleton(typed);
  for (const std::string& s : v.service.ssids)
    if (s == typed) return {};
  for (const std::string& s : v.service.ssids)
    if (SsidSkeleton(s) == skeleton) return s;
  return {};
}

// `path` (the canonical page's) with the query of `req` kept.
std::string CanonicalTarget(const httplib::Request& req, const std::string& path) {
  std::string target = path;
  if (const size_t q = req.target.find('?'); q != std::string::npos) target += req.target.substr(q);
  return target;
}

// A number asked in another form than the registry prints it ("/v/j0072",
// "/v/Ｊ００７２", "/v/J0072/") goes to the canonical address for good: links
// and QR codes then all name one page (and one cache entry).
// `page` names the page among the mark's addresses (common/mark_links.h).
bool RedirectToCanonical(const httplib::Request& req, httplib::Response& res, std::string mark::MarkLinks::*page,
                         const std::string& asked, const std::string& canonical) {
  const bool slash = !req.path.empty() && req.path.back() == '/';
  if ((asked == canonical && !slash) || !registry::ParseMarkNumber(canonical)) return false;
  res.set_redirect(CanonicalTarget(req, mark::PathsFor(canonical).*page), 301);
  res.set_header("Cache-Control", "public, max-age=86400");
  return true;
}

// One segment after /v/ or /embed/, with an optional trailing slash. The
// segment is matched loosely (full-width forms, lower case) and then folded.
constexpr const char* kAskedSegment = "([^/]{1,128})/?";

}  // namespace

void RegisterPageRoutes(Router& router, ServerContext& ctx) {
  // One box for name, number, domain, SSID, venue or corporate number. A
  // complete mark number goes straight to that mark. Otherwise, on the first
  // page, exact matches come first: the text as a domain (a host finds its
  // registered parent domain), as an SSID, and as a whole name, venue or
  // corporate number (search_keys' index); then SSIDs that only look like it
  // (labelled: another network); then parts of names (paged).
  router.Get("/", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const PageLang pl = RequestPageLang(req);
    pages::SearchPageInput in;
    in.lang = pl.lang;
    in.lang_chosen = pl.chosen;
    in.public_url = ctx.public_url;
    in.query = BoxText(req);
    const std::string cursor = req.get_param_value("cursor");
    int status = 200;
    if (!in.query.empty()) {
      std::set<std::string> seen;
      const std::string as_number = NormalizeAskedNumber(in.query);
      if (cursor.empty() && registry::ParseMarkNumber(as_number)) {
        in.query_kind = pages::SearchPageInput::QueryKind::kNumber;
        in.query_exact = as_number;
        auto found = FindPublicMark(ctx, as_number);
        if (!found) return SendRegistryError(ctx, req, res, found.error());
        if (*found) in.results.push_back(std::move(**found));
      } else {
        if (cursor.empty()) {
          if (std::string host = DomainLike(in.query); !host.empty()) {
            auto valid = SearchInto(ctx, {{"domain", host}}, false, in.results, seen, nullptr);
            if (!valid) return SendRegistryError(ctx, req, res, valid.error());
            if (*valid) {
              in.query_kind = pages::SearchPageInput::QueryKind::kDomain;
              in.query_exact = host;
            }
          }
          std::vector<MarkView> by_ssid;
          std::set<std::string> ssid_seen = seen;
          if (auto st = SearchInto(ctx, {{"ssid", in.query}}, false, by_ssid, ssid_seen, nullptr); !st)
            return SendRegistryError(ctx, req, res, st.error());
          std::vector<MarkView> near;
          for (MarkView& v : by_ssid) {
            if (NearSsid(v, in.query).empty()) {
              seen.insert(v.mark.number);
              in.results.push_back(std::move(v));
            } else {
              near.push_back(std::move(v));
            }
          }
          // A near SSID also folds to the query's key: it is listed once,
          // after the whole-key matches, as another network.
          for (const MarkView& v : near) seen.insert(v.mark.number);
          if (auto st = SearchInto(ctx, {{"q", in.query}}, true, in.results, seen, nullptr); !st)
            return SendRegistryError(ctx, req, res, st.error());
          for (MarkView& v : near) {
            in.near_ssid[v.mark.number] = NearSsid(v, in.query);
            in.results.push_back(std::move(v));
          }
        }
        Params by_name{{"q", in.query}};
        if (!cursor.empty()) by_name.emplace("cursor", cursor);
        auto query = registry::ParseSearchQuery(by_name);
        if (!query) {
          status = 400;  // a cursor this server did not give out
        } else if (auto st = SearchInto(ctx, by_name, false, in.results, seen, &in.next_cursor); !st) {
          return SendRegistryError(ctx, req, res, st.error());
        }
      }
    }
    SendPage(res, status, pages::RenderSearchPage(in));
  });

  // Prepared answers (public_cache.h): a QR campaign is a burst on one page.
  // Keyed also by the minute, which the page shows as the time of check.
  auto pages = std::make_shared<PublicCache>(2048, 6u << 20);
  router.Get(std::string("/v/") + kAskedSegment, [&ctx, pages](const httplib::Request& req, httplib::Response& res) {
    const std::string asked = req.matches[1].str();
    const std::string number = NormalizeAskedNumber(asked);
    if (RedirectToCanonical(req, res, &mark::MarkLinks::verify, asked, number)) return;
    const PageLang pl = RequestPageLang(req);
    pages::VerifyPageInput in;
    in.lang = pl.lang;
    in.lang_chosen = pl.chosen;
    in.number = registry::ParseMarkNumber(number) ? number : asked;
    in.public_url = ctx.public_url;
    in.checked_at = ctx.clock.Now();
    const std::string key = PublicCache::Key(
        ctx, "verify\n" + in.number + "\n" + std::string(badge::LangCode(in.lang)) + (in.lang_chosen ? "!" : "") +
                 "\n" + ClaimedHost(req) + "\n" + FormatJstMinute(*in.checked_at));
    if (auto hit = pages->Get(key)) return PublicCache::Send(req, res, *hit);
    auto found = FindPublicMark(ctx, number);
    if (!found) return SendRegistryError(ctx, req, res, found.error());
    in.view = std::move(*found);
    in.foreign_host = ForeignHostFor(ctx, req, in.view);
    in.issuer = ctx.issuer;
    if (in.view) {
      auto neighbours = ctx.registry.Neighbours(in.view->mark.number);
      if (!neighbours) return SendRegistryError(ctx, req, res, neighbours.error());
      in.neighbours = std::move(*neighbours);
      auto history = ctx.registry.History(in.view->mark.number);
      if (!history) return SendRegistryError(ctx, req, res, history.error());
      in.history = publish::PublicHistoryLines(*history);
    }
    res.set_header("Vary", "Origin, Referer");
    // A made-up number's page is made afresh each time (see public_cache.h).
    if (!in.view) return SendPage(res, 404, pages::RenderVerifyPage(in));
    PublicCache::Answer page;
    page.content_type = "text/html; charset=utf-8";
    page.cache_control = kPageCaching;
    page.cors = false;
    page.headers = {{"Vary", "Origin, Referer"}};
    page.body = std::make_shared<const std::string>(pages::RenderVerifyPage(in));
    PublicCache::Send(req, res, *pages->Put(key, std::move(page)));
  });

  router.Get(std::string("/embed/") + kAskedSegment, [&ctx](const httplib::Request& req, httplib::Response& res) {
    const std::string asked = req.matches[1].str();
    const std::string number = NormalizeAskedNumber(asked);
    if (RedirectToCanonical(req, res, &mark::MarkLinks::embed, asked, number)) return;
    const PageLang pl = RequestPageLang(req);
    auto found = FindPublicMark(ctx, number);
    if (!found) return SendRegistryError(ctx, req, res, found.error());
    if (!*found) {
      // No kit for a number that is not registered: say so, as /v/ does.
      pages::VerifyPageInput in;
      in.lang = pl.lang;
      in.lang_chosen = pl.chosen;
      in.number = registry::ParseMarkNumber(number) ? number : asked;
      in.issuer = ctx.issuer;
      in.public_url = ctx.public_url;
      in.checked_at = ctx.clock.Now();
      return SendPage(res, 404, pages::RenderVerifyPage(in));
    }
    pages::EmbedPageInput in;
    in.lang = pl.lang;
    in.lang_chosen = pl.chosen;
    in.view = std::move(**found);
    in.public_url = ctx.public_url;
    SendPage(res, 200, pages::RenderEmbedPage(in));
  });
}

}  // namespace mark::http
