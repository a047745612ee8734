// Marks: public lookups and search; secretariat grant, renew, suspend,
// reinstate, revoke, return; for the console, the counts by status and
// scheme (GET /api/v1/marks/counts) and the reason codes a withdrawal or
// return may carry (GET /api/v1/reason-codes).
#include "common/json_text.h"
#include "common/mark_links.h"
#include "http/auth.h"
#include "http/problem.h"
#include "http/public_cache.h"
#include "http/request_io.h"
#include "http/routes.h"
#include "http/write_handler.h"
#include "registry/public_history.h"
#include "registry/mark_counts.h"
#include "registry/reason_codes.h"

namespace mark::http {

using nlohmann::json;
using registry::Role;

namespace {

void SetPublicCaching(httplib::Response& res) {
  // Status can change at any moment (a revocation): caches must revalidate.
  res.set_header("Cache-Control", "public, max-age=60, must-revalidate");
  res.set_header("Access-Control-Allow-Origin", "*");
}

using Mutation = Result<registry::WriteResult> (registry::Registry::*)(const std::string&, const json&,
                                                                       const registry::WriteRequest&);

httplib::Server::Handler Transition(ServerContext& ctx, Mutation m) {
  return WriteHandler(ctx, {Role::kSecretariat},
                      [&ctx, m](const httplib::Request& req, const json& body, const registry::WriteRequest& w) {
                        return (ctx.registry.*m)(req.matches[1], body, w);
                      });
}

}  // namespace

void RegisterMarkRoutes(Router& router, ServerContext& ctx) {
  const std::string mark_path = std::string("/api/v1/marks/") + kNumberPattern;

  // Prepared answers (public_cache.h): the hot path is a probe and a copy.
  auto cache = std::make_shared<PublicCache>(4096, 6u << 20);

  router.Get(mark_path, [&ctx, cache](const httplib::Request& req, httplib::Response& res) {
    const std::string key = PublicCache::Key(ctx, "mark\n" + req.matches[1].str());
    auto answer = cache->Get(key);
    if (!answer) {
      auto view = ctx.registry.GetMark(req.matches[1]);
      if (!view) return SendProblem(res, view.error());
      answer = cache->Put(key, JsonText(ctx.registry.MarkJson(*view)));
    }
    PublicCache::Send(req, res, *answer);
  });

  router.Get("/api/v1/marks/counts", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor})) return;
    if (!req.params.empty())
      return SendProblem(res, 400, "invalid parameter " + req.params.begin()->first,
                         {{req.params.begin()->first, "is not a known parameter"}});
    auto counts = registry::CountMarks(ctx.db, JstDate(ctx.clock.Now()));
    if (!counts) return SendProblem(res, counts.error());
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, registry::MarkCountsJson(*counts));
  });

  router.Get("/api/v1/reason-codes", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor})) return;
    SendJson(res, 200, registry::ReasonCodesJson());
  });

  router.Get(mark_path + "/status", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto view = ctx.registry.GetMark(req.matches[1]);
    if (!view) return SendProblem(res, view.error());
    SetPublicCaching(res);
    json body = {{"number", view->mark.number},
                 {"status", ToString(view->status)},
                 {"valid_from", FormatDate(view->mark.valid_from)},
                 {"valid_until", FormatDate(view->mark.valid_until)},
                 {"checked_at", FormatInstant(ctx.clock.Now())}};
    if (!view->status_reason.empty()) body["status_reason"] = view->status_reason;
    SendJson(res, 200, body);
  });

  router.Get("/api/v1/marks", [&ctx, cache](const httplib::Request& req, httplib::Response& res) {
    auto query = registry::ParseSearchQuery(QueryParams(req));
    if (!query) return SendProblem(res, query.error());
    // Keyed by the parsed query (parameter order and spelling do not matter).
    json canonical = {{"q", query->q},
                      {"domain", query->domain},
                      {"ssid", query->ssid},
                      {"limit", query->limit},
                      {"after", query->after_serial},
                      {"scheme", query->scheme ? std::string(ToString(*query->scheme)) : ""},
                      {"status", query->status ? std::string(ToString(*query->status)) : ""}};
    const std::string key = PublicCache::Key(ctx, "search\n" + JsonText(canonical));
    auto answer = cache->Get(key);
    if (!answer) {
      auto page = ctx.registry.Search(*query);
      if (!page) return SendProblem(res, page.error());
      json items = json::array();
      for (const auto& v : page->items) items.push_back(ctx.registry.MarkJson(v));
      json body = {{"items", std::move(items)},
                   {"next_cursor", page->next_cursor.empty() ? json(nullptr) : json(page->next_cursor)}};
      answer = cache->Put(key, JsonText(body));
    }
    PublicCache::Send(req, res, *answer);
  });

  // Public without a token (registry/public_history.h: no actors, no
  // internal reasons); with one, the full history for the secretariat,
  // reviewers and auditors (a bad token is refused as anywhere).
  router.Get(mark_path + "/history", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const bool full = req.has_header("Authorization");
    if (full && !Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor})) return;
    auto events = ctx.registry.History(req.matches[1]);
    if (!events) return SendProblem(res, events.error());
    json out = json::array();
    for (const auto& e : *events) out.push_back(full ? registry::FullEventJson(e) : registry::PublicEventJson(e));
    if (full)
      res.set_header("Cache-Control", "no-store");
    else
      SetPublicCaching(res);
    SendJson(res, 200, {{"number", std::string(req.matches[1])}, {"events", std::move(out)}});
  });

  router.Post("/api/v1/marks", WriteHandler(
                                   ctx, {Role::kSecretariat},
                                   [&ctx](const httplib::Request&, const json& body, const registry::WriteRequest& w) {
                                     return ctx.registry.Grant(body, w);
                                   },
                                   [](const httplib::Request&, const json& body) {
                                     return mark::PathsFor(body.value("number", "")).self;
                                   }));

  router.Post(mark_path + "/renew", Transition(ctx, &registry::Registry::Renew));
  router.Post(mark_path + "/suspend", Transition(ctx, &registry::Registry::Suspend));
  router.Post(mark_path + "/reinstate", Transition(ctx, &registry::Registry::Reinstate));
  router.Post(mark_path + "/revoke", Transition(ctx, &registry::Registry::Revoke));
  router.Post(mark_path + "/return", Transition(ctx, &registry::Registry::Return));
}

}  // namespace mark::http
