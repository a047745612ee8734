// Operators, services (creation and amendment), the audit trail and the
// attention list (secretariat and auditors).
#include "common/decimal.h"
#include "http/auth.h"
#include "http/problem.h"
#include "http/request_io.h"
#include "http/routes.h"
#include "http/write_handler.h"
#include "registry/attention.h"
#include "storage/audit.h"
#include "registry/json_mapping.h"

namespace mark::http {

using nlohmann::json;
using registry::Role;

namespace {

// Operator and service ids as paths carry them (ids.h: a prefix and hex).
constexpr const char* kEntityIdPattern = "([A-Za-z0-9_]{1,64})";

using Amend = Result<registry::WriteResult> (registry::Registry::*)(const std::string&, const json&,
                                                                    const registry::WriteRequest&);
using Preview = Result<json> (registry::Registry::*)(const std::string&, const json&) const;

// PATCH: the amendment, or with ?dry_run=true what it would do (which marks
// get a new certificate), changing nothing.
httplib::Server::Handler AmendHandler(ServerContext& ctx, Amend amend, Preview preview) {
  auto write =
      WriteHandler(ctx, {Role::kSecretariat},
                   [&ctx, amend](const httplib::Request& req, const json& body, const registry::WriteRequest& w) {
                     return (ctx.registry.*amend)(req.matches[1], body, w);
                   });
  return [&ctx, write, preview](const httplib::Request& req, httplib::Response& res) {
    if (!req.has_param("dry_run")) return write(req, res);
    if (req.get_param_value("dry_run") != "true")
      return SendProblem(res, 400, "dry_run must be true when given", {{"dry_run", "must be true"}});
    if (!Authorize(ctx, req, res, {Role::kSecretariat})) return;
    auto body = ReadJsonBody(req);
    if (!body) return SendProblem(res, body.error());
    auto plan = (ctx.registry.*preview)(req.matches[1], *body);
    if (!plan) return SendProblem(res, plan.error());
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, *plan);
  };
}

}  // namespace

void RegisterAdminRoutes(Router& router, ServerContext& ctx) {
  router.Post(
      "/api/v1/operators",
      WriteHandler(
          ctx, {Role::kSecretariat},
          [&ctx](const httplib::Request&, const json& body, const registry::WriteRequest& w) {
            return ctx.registry.CreateOperator(body, w);
          },
          [](const httplib::Request&, const json& body) { return "/api/v1/operators/" + body.value("id", ""); }));

  router.Get("/api/v1/operators", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor})) return;
    auto ops = ctx.registry.ListOperators();
    if (!ops) return SendProblem(res, ops.error());
    json items = json::array();
    for (const auto& op : *ops) items.push_back(registry::OperatorJson(op));
    SendJson(res, 200, {{"items", std::move(items)}});
  });

  router.Get(std::string("/api/v1/operators/") + kEntityIdPattern,
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               auto who = Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor});
               if (!who) return;
               auto op = ctx.registry.GetOperator(req.matches[1]);
               if (!op) return SendProblem(res, op.error());
               json j = registry::OperatorJson(*op);
               // Contacts are for those who write to the operator or audit that.
               if (who->role == Role::kSecretariat || who->role == Role::kAuditor) {
                 auto contacts = ctx.registry.GetContacts(op->id);
                 if (!contacts) return SendProblem(res, contacts.error());
                 j["contacts"] = registry::ContactsJson(*contacts);
               }
               auto services = ctx.registry.ListServices(op->id);
               if (!services) return SendProblem(res, services.error());
               j["services"] = json::array();
               for (const auto& s : *services) j["services"].push_back(registry::ServiceJson(s));
               SendJson(res, 200, j);
             });

  router.Post(
      "/api/v1/services",
      WriteHandler(
          ctx, {Role::kSecretariat},
          [&ctx](const httplib::Request&, const json& body, const registry::WriteRequest& w) {
            return ctx.registry.CreateService(body, w);
          },
          [](const httplib::Request&, const json& body) { return "/api/v1/services/" + body.value("id", ""); }));

  router.Patch(std::string("/api/v1/operators/") + kEntityIdPattern,
               AmendHandler(ctx, &registry::Registry::AmendOperator, &registry::Registry::PreviewOperatorAmendment));

  router.Get(std::string("/api/v1/services/") + kEntityIdPattern,
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kReviewer, Role::kAuditor})) return;
               auto s = ctx.registry.GetService(req.matches[1]);
               if (!s) return SendProblem(res, s.error());
               auto shared = ctx.registry.GetSharedDomains(s->id);
               if (!shared) return SendProblem(res, shared.error());
               json j = registry::ServiceJson(*s);
               j["shared"] = registry::SharedDomainsJson(*shared);
               SendJson(res, 200, j);
             });

  router.Patch(std::string("/api/v1/services/") + kEntityIdPattern,
               AmendHandler(ctx, &registry::Registry::AmendService, &registry::Registry::PreviewServiceAmendment));

  router.Get("/api/v1/attention", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kSecretariat, Role::kAuditor})) return;
    auto list = registry::CollectAttention(ctx.db, ctx.clock.Now());
    if (!list) return SendProblem(res, list.error());
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, registry::AttentionJson(*list));
  });

  router.Get("/api/v1/audit", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!Authorize(ctx, req, res, {Role::kAuditor, Role::kSecretariat})) return;
    long long before = 0;
    int limit = 50;
    for (const auto& [key, value] : req.params) {
      const auto id = key == "before" ? ParseDecimal<long long>(value, 0, 999'999'999'999'999) : std::nullopt;
      const auto n = key == "limit" ? ParseDecimal<int>(value, 1, 500) : std::nullopt;
      if (id)
        before = *id;
      else if (n)
        limit = *n;
      else
        return SendProblem(res, 400, "invalid parameter " + key,
                           {{key, key == "limit" ? "must be 1 to 500" : "must be a record id"}});
    }
    auto records = storage::ListAudit(ctx.db, before, limit);
    if (!records) return SendProblem(res, records.error());
    json items = json::array();
    for (const auto& r : *records) items.push_back(storage::AuditRecordJson(r));
    json out = {{"items", items}};
    out["next_before"] = records->size() == static_cast<size_t>(limit) ? json(records->back().id) : json(nullptr);
    SendJson(res, 200, out);
  });
}

}  // namespace mark::http
