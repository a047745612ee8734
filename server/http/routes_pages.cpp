// The public HTML pages: the registry search page (GET /), the verification
// page a QR code leads to (GET /v/{number}) and the embed kit for an ISP's
// web master (GET /embed/{number}). Server-rendered (badge/page_*.h), so the
// answer works without JavaScript; served under the strict default CSP of
// server.cpp. Nothing here logs what was looked up (the access log has the
// path but never the query string).
#include <cctype>
#include <set>

#include "badge/page_embed.h"
#include "badge/page_search.h"
#include "badge/page_verify.h"
#include "badge/utf8_text.h"
#include "http/problem.h"
#include "http/public_cache.h"
#include "http/public_request.h"
#include "http/routes.h"
#include "registry/mark_number.h"
#include "registry/public_history.h"

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

std::string Trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(ws) - b + 1));
}

// The search box as typed: valid UTF-8, at most kMaxQueryBytes (cut between
// characters), without surrounding white space.
std::string BoxText(const httplib::Request& req) {
  std::string q = badge::SanitizeUtf8(Trim(req.get_param_value("q")));
  if (q.size() > kMaxQueryBytes) {
    size_t cut = kMaxQueryBytes;
    while (cut > 0 && (static_cast<unsigned char>(q[cut]) & 0xC0) == 0x80) --cut;
    q = Trim(q.substr(0, cut));
  }
  return q;
}

// The host in text that looks like a domain or a web address
// ("www.example.jp", "https://example.jp/path"), or "" when it does not.
std::string DomainLike(const std::string& q) {
  std::string s = q;
  for (std::string_view scheme : {"https://", "http://"}) {
    bool match = s.size() > scheme.size();
    for (size_t i = 0; match && i < scheme.size(); ++i)
      match = std::tolower(static_cast<unsigned char>(s[i])) == scheme[i];
    if (match) s = s.substr(scheme.size());
  }
  s = s.substr(0, s.find_first_of("/?#"));
  if (auto colon = s.rfind(':'); colon != std::string::npos) s = s.substr(0, colon);
  if (s.find('.') == std::string::npos || s.find_first_of(" \t") != std::string::npos) return {};
  return s;
}

using Params = std::multimap<std::string, std::string>;

// One search of the registry with the API's own parser; an invalid
// sub-query (say, text that is not a possible SSID) finds nothing.
void SearchInto(ServerContext& ctx, const Params& params, std::vector<MarkView>& out, std::set<std::string>& seen,
                std::string* next_cursor) {
  auto query = registry::ParseSearchQuery(params);
  if (!query) return;
  auto page = ctx.registry.Search(*query);
  if (!page) return;
  for (auto& v : page->items)
    if (seen.insert(v.mark.number).second) out.push_back(std::move(v));
  if (next_cursor) *next_cursor = page->next_cursor;
}

}  // namespace

void RegisterPageRoutes(Router& router, ServerContext& ctx) {
  // One box for name, number, domain or SSID. A complete mark number goes
  // straight to that mark. Otherwise, on the first page, exact matches come
  // first: the text as a domain (a host finds its registered parent
  // domain) and as an SSID; then the name search (service and operator, ja
  // and en, and number fragments), which alone is paged.
  router.Get("/", [&ctx](const httplib::Request& req, httplib::Response& res) {
    badge::SearchPageInput in;
    in.lang = RequestLang(req);
    in.query = BoxText(req);
    const std::string cursor = req.get_param_value("cursor");
    int status = 200;
    if (!in.query.empty()) {
      std::set<std::string> seen;
      const std::string as_number = NormalizeAskedNumber(in.query);
      if (cursor.empty() && registry::ParseMarkNumber(as_number)) {
        auto found = FindPublicMark(ctx, as_number);
        if (!found) return SendProblem(res, found.error());
        if (*found) in.results.push_back(std::move(**found));
      } else {
        if (cursor.empty()) {
          if (std::string host = DomainLike(in.query); !host.empty())
            SearchInto(ctx, {{"domain", host}}, in.results, seen, nullptr);
          SearchInto(ctx, {{"ssid", in.query}}, in.results, seen, nullptr);
        }
        Params by_name{{"q", in.query}};
        if (!cursor.empty()) by_name.emplace("cursor", cursor);
        auto query = registry::ParseSearchQuery(by_name);
        if (!query) {
          status = 400;  // a cursor this server did not give out
        } else {
          SearchInto(ctx, by_name, in.results, seen, &in.next_cursor);
        }
      }
    }
    SendPage(res, status, badge::RenderSearchPage(in));
  });

  // Prepared answers (public_cache.h): a QR campaign is a burst on one page.
  auto pages = std::make_shared<PublicCache>(2048, 6u << 20);
  router.Get(std::string("/v/") + kPublicNumberPattern, [&ctx, pages](const httplib::Request& req, httplib::Response& res) {
    badge::VerifyPageInput in;
    in.lang = RequestLang(req);
    in.number = NormalizeAskedNumber(req.matches[1].str());
    const std::string key =
        PublicCache::Key(ctx, "verify\n" + in.number + "\n" + std::string(badge::LangCode(in.lang)) + "\n" + ClaimedHost(req));
    if (auto hit = pages->Get(key)) return PublicCache::Send(req, res, *hit);
    auto found = FindPublicMark(ctx, in.number);
    if (!found) return SendProblem(res, found.error());
    in.view = std::move(*found);
    in.foreign_host = ForeignHostFor(ctx, req, in.view);
    in.issuer = ctx.issuer;
    if (in.view) {
      auto neighbours = ctx.registry.Neighbours(in.view->mark.number);
      if (!neighbours) return SendProblem(res, neighbours.error());
      in.neighbours = std::move(*neighbours);
      auto history = ctx.registry.History(in.view->mark.number);
      if (!history) return SendProblem(res, history.error());
      in.history = registry::PublicHistoryLines(*history);
    }
    res.set_header("Vary", "Origin, Referer");
    // A made-up number's page is made afresh each time (see public_cache.h).
    if (!in.view) return SendPage(res, 404, badge::RenderVerifyPage(in));
    PublicCache::Answer page;
    page.content_type = "text/html; charset=utf-8";
    page.cache_control = kPageCaching;
    page.cors = false;
    page.headers = {{"Vary", "Origin, Referer"}};
    page.body = std::make_shared<const std::string>(badge::RenderVerifyPage(in));
    PublicCache::Send(req, res, *pages->Put(key, std::move(page)));
  });

  router.Get(std::string("/embed/") + kPublicNumberPattern, [&ctx](const httplib::Request& req, httplib::Response& res) {
    const badge::Lang lang = RequestLang(req);
    const std::string number = NormalizeAskedNumber(req.matches[1].str());
    auto found = FindPublicMark(ctx, number);
    if (!found) return SendProblem(res, found.error());
    if (!*found) {
      // No kit for a number that is not registered: say so, as /v/ does.
      badge::VerifyPageInput in;
      in.lang = lang;
      in.number = number;
      in.issuer = ctx.issuer;
      return SendPage(res, 404, badge::RenderVerifyPage(in));
    }
    badge::EmbedPageInput in;
    in.lang = lang;
    in.view = std::move(**found);
    in.public_url = ctx.public_url;
    SendPage(res, 200, badge::RenderEmbedPage(in));
  });
}

}  // namespace mark::http
