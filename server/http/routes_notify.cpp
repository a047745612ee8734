// Notices (registry/outbox.h) and webhook endpoints
// (registry/webhook_endpoints.h): POST/GET /api/v1/webhooks, DELETE
// /api/v1/webhooks/{id}; GET /api/v1/outbox (secretariat, auditor) and the
// console's actions on one notice, POST /api/v1/outbox/{id}/redeliver and
// /skip (secretariat).
#include <limits>

#include "common/decimal.h"
#include "crypto/secret_bytes.h"
#include "http/auth.h"
#include "http/problem.h"
#include "http/request_io.h"
#include "http/routes.h"
#include "http/write_handler.h"
#include "notify/webhook_key.h"
#include "notify/webhook_signature.h"
#include "registry/outbox.h"
#include "registry/webhook_endpoints.h"

namespace mark::http {

using nlohmann::json;
using registry::Role;

namespace {

constexpr const char* kWebhookIdPattern = "/api/v1/webhooks/(wh_[0-9a-f]{1,64})";
constexpr const char* kNoticeIdPattern = "/api/v1/outbox/([0-9]{1,18})";

// The endpoint's secret, opened from its sealed copy: shown in the answer
// to its creation (and to a replay of it), never stored in clear.
Result<std::string> OpenSecret(ServerContext& ctx, const std::string& id) {
  std::optional<registry::WebhookEndpoint> e;
  Status st = ctx.db.Read([&](SQLite::Database& db) {
    e = registry::LoadWebhookEndpoint(db, id);
    return Status{};
  });
  if (!st) return st.error();
  if (!e) return Error::Make(ErrorCode::kNotFound, "no webhook endpoint " + id);
  return ctx.webhook_key->Open(e->secret_box);
}

// The notice id in a path the route's pattern matched (1 to 18 digits).
long long NoticeId(const httplib::Request& req) {
  return ParseDecimal<long long>(req.matches[1].str(), 0, std::numeric_limits<long long>::max()).value_or(0);
}

}  // namespace

void RegisterNotifyRoutes(Router& router, ServerContext& ctx) {
  router.Post("/api/v1/webhooks", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto who = Authorize(ctx, req, res, {Role::kSecretariat});
    if (!who) return;
    auto body = ReadJsonBody(req);
    if (!body) return SendProblem(res, body.error());
    auto w = MakeWriteRequest(req, *who);
    if (!w) return SendProblem(res, w.error());
    if (ctx.webhook_key == nullptr)
      return SendProblem(res, Error::Make(ErrorCode::kConflict,
                                          "markd has no webhook key to seal secrets with: create it with markctl keys "
                                          "webhook-init --keys DIR and restart markd"));
    std::string secret = notify::NewWebhookSecret();
    const std::string sealed = ctx.webhook_key->Seal(secret);
    crypto::Wipe(secret);
    auto created = registry::CreateWebhookEndpoint(ctx.registry, *body, sealed, ctx.webhook_private, *w);
    if (!created) return SendProblem(res, created.error());
    // A replay answers the first creation's endpoint with its own secret.
    auto opened = OpenSecret(ctx, created->body.value("id", ""));
    if (!opened) return SendProblem(res, opened.error());
    registry::WriteResult answer = *created;
    answer.body["secret"] = *opened;
    crypto::Wipe(*opened);
    res.set_header("Cache-Control", "no-store");
    SendWriteResult(res, answer, "/api/v1/webhooks/" + answer.body.value("id", ""));
  });

  router.Get("/api/v1/webhooks", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kAuditor})) return;
    auto list = registry::ListWebhookEndpoints(ctx.db);
    if (!list) return SendProblem(res, list.error());
    json items = json::array();
    for (const auto& e : *list) items.push_back(registry::WebhookEndpointJson(e));
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, {{"items", std::move(items)}});
  });

  router.Delete(kWebhookIdPattern, [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto who = Authorize(ctx, req, res, {Role::kSecretariat});
    if (!who) return;
    auto w = MakeWriteRequest(req, *who);
    if (!w) return SendProblem(res, w.error());
    auto removed = registry::DeleteWebhookEndpoint(ctx.registry, req.matches[1], *w);
    if (!removed) return SendProblem(res, removed.error());
    SendWriteResult(res, *removed);
  });

  router.Get("/api/v1/outbox", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kAuditor})) return;
    registry::OutboxFilter f;
    for (const auto& [key, value] : QueryParams(req)) {
      if (key == "state") {
        if (value != "pending" && value != "sent" && value != "failed" && value != "dropped" && value != "skipped")
          return SendProblem(res, Error::Invalid("state", "must be pending, sent, failed, dropped or skipped"));
        f.state = value;
      } else if (key == "channel") {
        if (value != "mail" && value != "webhook")
          return SendProblem(res, Error::Invalid("channel", "must be mail or webhook"));
        f.channel = value;
      } else if (key == "number") {
        if (value.empty() || value.size() > 16)
          return SendProblem(res, Error::Invalid("number", "must be a mark number"));
        f.number = value;
      } else if (key == "limit") {
        auto n = RangeParam(key, value, 1, 500);
        if (!n) return SendProblem(res, n.error());
        f.limit = static_cast<int>(*n);
      } else if (key == "before") {
        auto n = RangeParam(key, value, 1, 999999999999999999LL);
        if (!n) return SendProblem(res, n.error());
        f.before = *n;
      } else {
        return SendProblem(res, Error::Invalid(key, "is not a parameter of the outbox"));
      }
    }
    auto rows = registry::ListOutbox(ctx.db, f);
    if (!rows) return SendProblem(res, rows.error());
    auto counts = registry::OutboxCounts(ctx.db);
    if (!counts) return SendProblem(res, counts.error());
    json items = json::array();
    for (const auto& r : *rows) items.push_back(registry::OutboxRowJson(r));
    json out = {{"counts", *counts}, {"items", std::move(items)}};
    out["next_before"] = rows->size() == static_cast<size_t>(f.limit) ? json(rows->back().id) : json(nullptr);
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, out);
  });

  router.Post(std::string(kNoticeIdPattern) + "/redeliver",
              WriteHandler(ctx, {Role::kSecretariat},
                           [&ctx](const httplib::Request& req, const json&, const registry::WriteRequest& w) {
                             return registry::RedeliverNotice(ctx.registry, NoticeId(req), w);
                           }));
  router.Post(std::string(kNoticeIdPattern) + "/skip",
              WriteHandler(ctx, {Role::kSecretariat},
                           [&ctx](const httplib::Request& req, const json& body, const registry::WriteRequest& w) {
                             return registry::SkipNotice(ctx.registry, NoticeId(req), body, w);
                           }));
}

}  // namespace mark::http
